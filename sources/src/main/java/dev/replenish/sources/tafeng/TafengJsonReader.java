package dev.replenish.sources.tafeng;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.replenish.sources.SourceError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads basket sequences in the TaFeng JSON format of "A Next Basket Recommendation Reality Check"
 * ({@code {"<user_id>": [[item, ...], ...], ...}}, baskets oldest first) with Jackson's streaming
 * parser, handing over one user at a time. Anything else is a {@link SourceError} naming the file,
 * the user and basket where it can, and the line and column.
 */
final class TafengJsonReader {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final String SHAPE = "{\"<user_id>\": [[item_id, ...], ...], ...}";

    private final Path file;

    TafengJsonReader(Path file) {
        this.file = file;
    }

    void read(Consumer<UserBaskets> users) {
        if (!Files.isRegularFile(file)) {
            throw new SourceError(file + ": no such file");
        }
        try (JsonParser json = JSON.createParser(file.toFile())) {
            JsonToken first = json.nextToken();
            if (first == null) {
                throw new SourceError(file + ": empty; expected a JSON object " + SHAPE);
            }
            if (first != JsonToken.START_OBJECT) {
                throw error(json, "expected a JSON object " + SHAPE + ", found " + describe(json));
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String key = json.currentName();
                long userId = userId(json, key);
                users.accept(new UserBaskets(userId, baskets(json, key)));
            }
            if (json.nextToken() != null) {
                throw error(json, "found " + describe(json) + " after the JSON object; expected the end of the file");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new SourceError(file + ": not valid JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": " + e.getOriginalMessage(), e);
        } catch (NoSuchFileException e) {
            throw new SourceError(file + ": no such file", e);
        } catch (IOException e) {
            throw new SourceError(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private long userId(JsonParser json, String key) {
        if (!key.matches("[0-9]+")) {
            throw error(json, "user id \"" + abbreviate(key) + "\" is not a positive integer");
        }
        long id;
        try {
            id = Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw error(json, "user id \"" + abbreviate(key) + "\" is beyond the 64-bit range");
        }
        if (id == 0) {
            throw error(json, "user id \"" + key + "\" is not a positive integer (Instacart ids start at 1)");
        }
        return id;
    }

    private List<long[]> baskets(JsonParser json, String user) throws IOException {
        if (json.nextToken() != JsonToken.START_ARRAY) {
            throw error(json, "user " + user + ": expected a list of baskets, found " + describe(json));
        }
        List<long[]> baskets = new ArrayList<>();
        long[] items = new long[64];
        JsonToken token;
        while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
            int basket = baskets.size() + 1;
            if (token != JsonToken.START_ARRAY) {
                throw error(json, "user " + user + ", basket " + basket + ": expected a list of item ids, found " + describe(json));
            }
            int count = 0;
            while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.VALUE_NUMBER_INT) {
                    throw error(json, "user " + user + ", basket " + basket + ": item " + describe(json) + " is not an integer id");
                }
                if (json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw error(json, "user " + user + ", basket " + basket + ": item " + json.getText() + " is beyond the 64-bit range");
                }
                if (count == items.length) {
                    items = Arrays.copyOf(items, count * 2);
                }
                items[count++] = json.getLongValue();
            }
            baskets.add(Arrays.copyOf(items, count));
        }
        return baskets;
    }

    private SourceError error(JsonParser json, String what) {
        JsonLocation at = json.currentTokenLocation();
        return new SourceError(file + ": " + what + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }

    private static String describe(JsonParser json) throws IOException {
        JsonToken token = json.currentToken();
        if (token == null) {
            return "the end of the file";
        }
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "a list";
            case VALUE_STRING:
                return "\"" + abbreviate(json.getText()) + "\"";
            case VALUE_NULL:
                return "null";
            default:
                return abbreviate(json.getText());
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
