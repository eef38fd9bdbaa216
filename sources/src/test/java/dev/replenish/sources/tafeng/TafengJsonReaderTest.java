package dev.replenish.sources.tafeng;

import dev.replenish.sources.SourceError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad basket files get a clear error naming the file and, where there is one, the user and basket. */
class TafengJsonReaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not JSON                  | {\"1\": [[1, 2]                              | not valid JSON",
            "a list at the top         | [[1, 2], [3]]                               | expected a JSON object",
            "user id not an integer    | {\"alice\": [[1], [2]]}                     | user id \"alice\" is not a positive integer",
            "user id zero              | {\"0\": [[1], [2]]}                         | user id \"0\" is not a positive integer",
            "user id beyond 64 bits    | {\"99999999999999999999\": [[1], [2]]}      | beyond the 64-bit range",
            "baskets not a list        | {\"1\": {\"a\": [1]}}                       | user 1: expected a list of baskets",
            "basket not a list         | {\"1\": [[1], 2]}                           | user 1, basket 2: expected a list of item ids",
            "item a decimal            | {\"1\": [[1], [2.5]]}                       | user 1, basket 2: item 2.5 is not an integer id",
            "item a string             | {\"1\": [[\"7\"], [2]]}                     | user 1, basket 1: item \"7\" is not an integer id",
            "item null                 | {\"1\": [[1], [3, null]]}                   | user 1, basket 2: item null is not an integer id",
            "item beyond 64 bits       | {\"1\": [[1], [99999999999999999999]]}      | user 1, basket 2: item 99999999999999999999 is beyond the 64-bit range",
            "content after the object  | {\"1\": [[1], [2]]} {}                      | after the JSON object",
            "a user twice              | {\"1\": [[1], [2]], \"2\": [[1], [2]], \"1\": [[3], [4]]} | user 1 appears twice",
    })
    void badInputIsASourceErrorNamingTheFileAndWhere(String name, String json, String expected) throws Exception {
        // GIVEN a basket file with one defect
        Path file = Files.writeString(dir.resolve("bad.json"), json);

        // WHEN it is imported
        SourceError error = assertThrows(SourceError.class, () -> BasketImport.tafengJson(file, dir.resolve("out")));

        // THEN the one-line message names the file and says what is wrong where
        assertTrue(error.getMessage().startsWith(file.toString()), error.getMessage());
        assertTrue(error.getMessage().contains(expected), error.getMessage());
        assertTrue(!error.getMessage().contains("\n"), error.getMessage());
    }

    @Test
    void anEmptyFileIsASourceError() throws Exception {
        // GIVEN an empty file
        Path file = Files.writeString(dir.resolve("empty.json"), "");
        // WHEN / THEN importing it says it is empty
        SourceError error = assertThrows(SourceError.class, () -> BasketImport.tafengJson(file, dir.resolve("out")));
        assertTrue(error.getMessage().contains("empty.json") && error.getMessage().contains("empty"), error.getMessage());
    }

    @Test
    void aMissingFileIsASourceError() {
        // GIVEN a path with no file
        Path file = dir.resolve("missing.json");
        // WHEN / THEN importing it says there is no such file
        SourceError error = assertThrows(SourceError.class, () -> BasketImport.tafengJson(file, dir.resolve("out")));
        assertTrue(error.getMessage().contains("missing.json") && error.getMessage().contains("no such file"), error.getMessage());
    }
}
