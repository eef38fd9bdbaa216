package dev.replenish.sources.generate;

import dev.replenish.core.contract.InstacartTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class GeneratorDeterminismTest {

    @TempDir
    Path dir;

    @Test
    void theSameSeedGivesByteIdenticalFilesWhateverTheThreadCount() throws Exception {
        // GIVEN more users than one chunk, so two threads really split the work
        int users = InstacartGenerator.USERS_PER_CHUNK + 300;

        // WHEN they are generated twice with the same seed, on one thread and on two
        Path once = GeneratedData.generate(dir.resolve("one-thread"), users, 7, 1);
        Path again = GeneratedData.generate(dir.resolve("two-threads"), users, 7, 2);

        // THEN all six files are byte for byte the same
        for (InstacartTable table : InstacartTable.values()) {
            assertArrayEquals(Files.readAllBytes(once.resolve(table.fileName())),
                    Files.readAllBytes(again.resolve(table.fileName())), table.fileName());
        }
    }

    @Test
    void aDifferentSeedGivesDifferentData() throws Exception {
        // GIVEN the same number of users
        // WHEN generated with seeds 7 and 8
        Path seven = GeneratedData.generate(dir.resolve("seven"), 200, 7, 1);
        Path eight = GeneratedData.generate(dir.resolve("eight"), 200, 8, 1);

        // THEN orders, order lines and product names all differ
        for (InstacartTable table : List.of(InstacartTable.ORDERS, InstacartTable.ORDER_PRODUCTS_PRIOR, InstacartTable.PRODUCTS)) {
            assertFalse(Arrays.equals(Files.readAllBytes(seven.resolve(table.fileName())),
                    Files.readAllBytes(eight.resolve(table.fileName()))), table.fileName() + " is the same for seeds 7 and 8");
        }
    }

    @Test
    void aUsersHistoryDoesNotDependOnHowManyUsersAreGenerated() throws Exception {
        // GIVEN the same seed
        // WHEN 150 users and 400 users are generated
        Path few = GeneratedData.generate(dir.resolve("few"), 150, 3, 1);
        Path many = GeneratedData.generate(dir.resolve("many"), 400, 3, 2);

        // THEN the first 150 users have the same orders (order ids aside: they are a permutation of all orders)
        assertEquals(ordersWithoutIds(few, 150), ordersWithoutIds(many, 150));
    }

    private static List<String> ordersWithoutIds(Path directory, int users) throws Exception {
        return Files.readAllLines(directory.resolve("orders.csv")).stream().skip(1)
                .map(line -> line.substring(line.indexOf(',') + 1))
                .filter(line -> Long.parseLong(line.substring(0, line.indexOf(','))) <= users)
                .toList();
    }
}
