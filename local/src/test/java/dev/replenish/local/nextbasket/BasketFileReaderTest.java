package dev.replenish.local.nextbasket;

import dev.replenish.core.nextbasket.NextBasketCase;
import dev.replenish.local.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BasketFileReaderTest {

    @TempDir
    Path temp;

    private Path file(String json) throws IOException {
        Path file = temp.resolve("baskets.json");
        Files.writeString(file, json);
        return file;
    }

    private String errorFor(String json) throws IOException {
        Path file = file(json);
        String message = assertThrows(UserError.class, () -> BasketFileReader.read(file)).getMessage();
        assertTrue(message.startsWith(file.toString()), "names the file: " + message);
        return message;
    }

    @Test
    void theLastBasketBecomesTheTargetAndTheEarlierOnesTheHistory() throws IOException {
        // GIVEN a user with three baskets
        BasketFileReader.BasketFile read = BasketFileReader.read(file("{\"7\": [[1, 2], [3], [4, 5]]}"));
        // THEN the user's history is the first two and the target the last
        NextBasketCase user = read.users().get(0);
        assertEquals(7L, user.userId());
        assertEquals(List.of(List.of(1L, 2L), List.of(3L)), user.history());
        assertEquals(List.of(4L, 5L), user.target());
        assertEquals(3, read.baskets());
        assertEquals(5, read.lines());
    }

    @Test
    void aUserWithFewerThanTwoBasketsIsSkippedAndCounted() throws IOException {
        // GIVEN one user with one basket and one with two
        BasketFileReader.BasketFile read = BasketFileReader.read(file("{\"1\": [[1]], \"2\": [[1], [2]]}"));
        // THEN only user 2 is kept and user 1 is reported as skipped
        assertEquals(List.of(2L), read.users().stream().map(NextBasketCase::userId).toList());
        assertEquals(List.of(1L), read.skippedUsers());
    }

    @Test
    void anItemListedTwiceInABasketCountsOnceAndIsCounted() throws IOException {
        BasketFileReader.BasketFile read = BasketFileReader.read(file("{\"1\": [[1, 1, 2], [3]]}"));
        assertEquals(List.of(1L, 2L), read.users().get(0).history().get(0));
        assertEquals(1, read.duplicateLines());
    }

    @Test
    void aMissingFileIsAUserError() {
        Path missing = temp.resolve("nowhere.json");
        String message = assertThrows(UserError.class, () -> BasketFileReader.read(missing)).getMessage();
        assertEquals(missing + ": no such file", message);
    }

    @Test
    void textThatIsNotJsonIsAnErrorWithItsLine() throws IOException {
        // GIVEN a CSV file by mistake
        String message = errorFor("user_id,item\n1,2\n");
        // THEN the error says it is not valid JSON and where
        assertTrue(message.contains("not valid JSON at line 1"), message);
    }

    @Test
    void aTruncatedFileIsAnError() throws IOException {
        String message = errorFor("{\"1\": [[1, 2], [3");
        assertTrue(message.contains("not valid JSON"), message);
    }

    @Test
    void aTopLevelListIsTheWrongShape() throws IOException {
        String message = errorFor("[[1, 2], [3]]");
        assertTrue(message.contains("expected a JSON object"), message);
    }

    @Test
    void aNonIntegerUserIdNamesTheUser() throws IOException {
        String message = errorFor("{\"alice\": [[1], [2]]}");
        assertTrue(message.contains("user id \"alice\" is not a non-negative integer"), message);
    }

    @Test
    void aNonIntegerItemNamesTheUserAndBasket() throws IOException {
        // GIVEN user 3's second basket holds a string
        String message = errorFor("{\"3\": [[1], [2, \"milk\"]]}");
        // THEN the error names user 3, basket 2 and the value
        assertTrue(message.contains("user 3, basket 2: item \"milk\" is not an integer id"), message);
    }

    @Test
    void aFractionalItemIdIsRejected() throws IOException {
        String message = errorFor("{\"3\": [[1.5], [2]]}");
        assertTrue(message.contains("user 3, basket 1: item 1.5 is not an integer id"), message);
    }

    @Test
    void aNegativeItemIdIsRejectedWithAHintAboutPaddedFiles() throws IOException {
        String message = errorFor("{\"3\": [[-1], [2], [-1]]}");
        assertTrue(message.contains("user 3, basket 1: item -1 is negative"), message);
    }

    @Test
    void aUserWhoseValueIsNotAListOfBasketsIsNamed() throws IOException {
        String message = errorFor("{\"1\": [[1], [2]], \"2\": {\"a\": 1}}");
        assertTrue(message.contains("user 2: expected a list of baskets, found an object"), message);
    }

    @Test
    void aBasketThatIsNotAListIsNamed() throws IOException {
        String message = errorFor("{\"4\": [[1], 2]}");
        assertTrue(message.contains("user 4, basket 2: expected a list of item ids, found 2"), message);
    }

    @Test
    void anEmptyBasketIsNamed() throws IOException {
        String message = errorFor("{\"4\": [[1], []]}");
        assertTrue(message.contains("user 4, basket 2: the basket is empty"), message);
    }

    @Test
    void aUserListedTwiceIsAnError() throws IOException {
        String message = errorFor("{\"4\": [[1], [2]], \"4\": [[3], [4]]}");
        assertTrue(message.contains("user 4 appears twice"), message);
    }
}
