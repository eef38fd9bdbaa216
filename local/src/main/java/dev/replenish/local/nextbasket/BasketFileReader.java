package dev.replenish.local.nextbasket;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.replenish.core.nextbasket.NextBasketCase;
import dev.replenish.local.UserError;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads basket sequences in the Reality Check paper's merged JSON format (the TaFeng file):
 * {@code {"<user_id>": [[item, ...], ...], ...}}, baskets oldest first, ids integers. It streams
 * the file, so an error can name the user and basket where it is.
 *
 * <p>Rules: user ids and item ids are non-negative integers; a user appears once; a basket is a
 * non-empty list. An item listed twice in one basket counts once (the duplicate lines are counted
 * in the summary). A user with fewer than two baskets has no history to predict from: the user is
 * skipped and counted.
 */
final class BasketFileReader {

    /** What was read: the users with a history and a target, and what was set aside. */
    record BasketFile(Path source, List<NextBasketCase> users, List<Long> skippedUsers, long baskets,
                      long lines, long duplicateLines) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    private BasketFileReader() {
    }

    static BasketFile read(Path file) {
        try (InputStream in = Files.newInputStream(file); JsonParser parser = JSON.createParser(in)) {
            return new Parse(file, parser).file();
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        } catch (JsonParseException e) {
            throw new UserError(file + ": not valid JSON at " + where(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UserError(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static String where(JsonLocation location) {
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** One pass over the tokens, keeping the user and basket being read for error messages. */
    private static final class Parse {
        private final Path file;
        private final JsonParser parser;
        private final List<NextBasketCase> users = new ArrayList<>();
        private final List<Long> skipped = new ArrayList<>();
        private final Set<Long> seenUsers = new HashSet<>();
        private long baskets;
        private long lines;
        private long duplicateLines;

        Parse(Path file, JsonParser parser) {
            this.file = file;
            this.parser = parser;
        }

        BasketFile file() throws IOException {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new UserError(file + ": empty file; expected a JSON object {\"<user_id>\": [[item, ...], ...]}");
            }
            if (first != JsonToken.START_OBJECT) {
                throw error("expected a JSON object {\"<user_id>\": [[item, ...], ...]}, found " + describe(first));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                readUser(parser.currentName());
            }
            if (parser.nextToken() != null) {
                throw error("unexpected content after the closing brace of the user object");
            }
            return new BasketFile(file, users, skipped, baskets, lines, duplicateLines);
        }

        private void readUser(String key) throws IOException {
            long userId = userId(key);
            if (!seenUsers.add(userId)) {
                throw error("user " + key + " appears twice");
            }
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_ARRAY) {
                throw error("user " + key + ": expected a list of baskets, found " + describe(token));
            }
            List<List<Long>> userBaskets = new ArrayList<>();
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                int basketNumber = userBaskets.size() + 1;
                if (token != JsonToken.START_ARRAY) {
                    throw error("user " + key + ", basket " + basketNumber + ": expected a list of item ids, found " + describe(token));
                }
                userBaskets.add(readBasket(key, basketNumber));
            }
            baskets += userBaskets.size();
            if (userBaskets.size() < 2) {
                skipped.add(userId);
            } else {
                users.add(NextBasketCase.lastBasketAsTarget(userId, userBaskets));
            }
        }

        private List<Long> readBasket(String user, int basketNumber) throws IOException {
            Set<Long> items = new LinkedHashSet<>();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                String at = "user " + user + ", basket " + basketNumber;
                if (token != JsonToken.VALUE_NUMBER_INT) {
                    throw error(at + ": item " + describe(token) + " is not an integer id");
                }
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw error(at + ": item " + parser.getText() + " is too large for an id");
                }
                long item = parser.getLongValue();
                if (item < 0) {
                    throw error(at + ": item " + item + " is negative; ids are non-negative integers"
                            + " (the paper's split history/future files pad with -1: use the merged file)");
                }
                lines++;
                if (!items.add(item)) {
                    duplicateLines++;
                }
            }
            if (items.isEmpty()) {
                throw error("user " + user + ", basket " + basketNumber + ": the basket is empty");
            }
            return new ArrayList<>(items);
        }

        private long userId(String key) {
            try {
                long id = Long.parseLong(key);
                if (id >= 0) {
                    return id;
                }
            } catch (NumberFormatException e) {
                // reported below, with the other non-integer ids
            }
            throw error("user id \"" + key + "\" is not a non-negative integer");
        }

        private String describe(JsonToken token) throws IOException {
            if (token == null) {
                return "the end of the file";
            }
            return switch (token) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "a list";
                case VALUE_STRING -> "\"" + parser.getText() + "\"";
                case VALUE_NULL -> "null";
                default -> parser.getText();
            };
        }

        private UserError error(String message) {
            return new UserError(file + ": " + message + " (" + where(parser.currentTokenLocation()) + ")");
        }
    }
}
