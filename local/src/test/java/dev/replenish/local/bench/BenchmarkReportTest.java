package dev.replenish.local.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkReportTest {

    @Test
    void aBenchmarkReplacesOnlyItsOwnScalesBlockAndKeepsEveryOtherSection() {
        // GIVEN a benchmarks file with another section and no benchmark section yet
        String original = "# Benchmarks\n\n## Generate (issue 2)\n\nfigures\n";
        // WHEN the small scale is written, then medium, then small again
        String once = BenchmarkReport.replaceBlock(original, BenchScale.SMALL, "small v1");
        String twice = BenchmarkReport.replaceBlock(once, BenchScale.MEDIUM, "medium v1");
        String thrice = BenchmarkReport.replaceBlock(twice, BenchScale.SMALL, "small v2");
        // THEN the other section is kept, the section appears once, medium is kept and small is the newest
        assertTrue(thrice.startsWith(original.strip()), thrice);
        assertEquals(1, thrice.split(java.util.regex.Pattern.quote(BenchmarkReport.HEADING), -1).length - 1, thrice);
        assertTrue(thrice.contains(BenchmarkReport.start(BenchScale.MEDIUM) + "\nmedium v1\n" + BenchmarkReport.end(BenchScale.MEDIUM)), thrice);
        assertTrue(thrice.contains(BenchmarkReport.start(BenchScale.SMALL) + "\nsmall v2\n" + BenchmarkReport.end(BenchScale.SMALL)), thrice);
        assertFalse(thrice.contains("small v1"), thrice);
        assertTrue(thrice.contains("_full: not measured yet_"), thrice);
    }
}
