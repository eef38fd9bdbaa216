package dev.replenish.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data verbs as a user meets them: generate, stats and import-baskets on the replenish command line. */
class DataCommandsTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int replenish(String... args) {
        CommandLine commandLine = Replenish.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void eachDataVerbHasHelp() {
        for (String verb : List.of("generate", "stats", "import-baskets")) {
            // GIVEN a data verb
            // WHEN it is asked for help
            int status = replenish(verb, "--help");
            // THEN it prints its usage and succeeds
            assertEquals(0, status, verb);
            assertTrue(out.toString().contains("Usage: replenish " + verb), out.toString());
        }
    }

    @Test
    void generateThenStatsPrintsTheTable() {
        // GIVEN a small generated directory
        Path sample = dir.resolve("sample");
        assertEquals(0, replenish("generate", "--users", "40", "--seed", "1", "--out", sample.toString()), err.toString());
        assertTrue(out.toString().contains("generated 40 users"), out.toString());

        // WHEN its statistics are asked for
        int status = replenish("stats", sample.toString());

        // THEN the table lists each statistic with its value, the published figure and the deviation
        assertEquals(0, status, err.toString());
        String table = out.toString();
        assertTrue(table.contains("statistic") && table.contains("Instacart") && table.contains("deviation"), table);
        assertTrue(table.contains("prior lines re-ordered") && table.contains("days between orders: share at 30"), table);
        assertTrue(table.matches("(?s).*\\d+ of 18 compared statistics within 10% of the published figure.*"), table);
    }

    @Test
    void userMistakesGetOneLineAndExitStatusTwo() throws Exception {
        // GIVEN mistakes a user can make: a directory that is not there, an unknown format, a broken file, no users
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"1\": [[1], [2.5]]}");
        List<String[]> mistakes = List.of(
                new String[]{"stats", dir.resolve("nowhere").toString()},
                new String[]{"import-baskets", "--format", "csv", broken.toString(), "--out", dir.resolve("o").toString()},
                new String[]{"import-baskets", "--format", "tafeng-json", broken.toString(), "--out", dir.resolve("o").toString()},
                new String[]{"generate", "--users", "0", "--out", dir.resolve("g").toString()});
        for (String[] mistake : mistakes) {
            err.getBuffer().setLength(0);
            // WHEN the command runs
            int status = replenish(mistake);
            // THEN it exits with 2 and one line naming the verb, no stack trace
            String message = err.toString().strip();
            assertEquals(2, status, String.join(" ", mistake));
            assertTrue(message.startsWith("replenish " + mistake[0] + ": "), message);
            assertTrue(!message.contains("\n") && !message.contains("Exception"), message);
        }
    }
}
