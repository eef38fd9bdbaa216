package dev.replenish.lambdas.serving;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The body of {@code POST /v1/users/{userId}/cart-completion}: {@code {"cart": [productId, ...]}},
 * ids as JSON integers or digit strings (the API writes ids as strings, so a client may send back
 * what it read). Read with Jackson's streaming parser so a hostile body is refused at the first
 * id past {@value #MAX_CART}, without building the rest. Every refusal names the field.
 *
 * @param cart the distinct product ids, in the order first sent
 */
record CartRequest(List<Long> cart) {

    /** The most ids a cart may hold: a large grocery order is about a hundred lines. */
    static final int MAX_CART = 200;
    static final String FIELD = "cart";

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4).maxNumberLength(40).build()).build();

    static CartRequest parse(String body, boolean base64) {
        if (body == null || body.isBlank()) {
            throw ApiError.badRequest("body: must be a JSON object {\"cart\": [productId, ...]}, got an empty body");
        }
        String text = body;
        if (base64) {
            try {
                text = new String(Base64.getDecoder().decode(body), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                throw ApiError.badRequest("body: marked base64-encoded but is not base64");
            }
        }
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiError.badRequest("body: must be a JSON object {\"cart\": [productId, ...]}");
            }
            List<Long> cart = null;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String field = parser.currentName();
                parser.nextToken();
                if (!FIELD.equals(field)) {
                    throw ApiError.badRequest("body: unknown field '" + ResourceIds.echo(field) + "'; the only field is '"
                            + FIELD + "'");
                }
                if (cart != null) {
                    throw ApiError.badRequest(FIELD + ": given twice");
                }
                cart = ids(parser);
            }
            if (parser.nextToken() != null) {
                throw ApiError.badRequest("body: text after the JSON object");
            }
            if (cart == null) {
                throw ApiError.badRequest(FIELD + ": is required, a list of product ids (may be empty)");
            }
            return new CartRequest(List.copyOf(new LinkedHashSet<>(cart)));
        } catch (IOException malformed) {
            // Jackson's message holds the position; its source excerpt is dropped (the client has the body).
            String message = malformed.getMessage() == null ? "" : malformed.getMessage().split("\n")[0];
            throw ApiError.badRequest("body: not valid JSON (" + ResourceIds.echo(message) + ")");
        }
    }

    private static List<Long> ids(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw ApiError.badRequest(FIELD + ": must be a list of product ids, got " + describe(parser.currentToken()));
        }
        List<Long> ids = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == null) {
                throw ApiError.badRequest("body: not valid JSON (the list ends early)");
            }
            if (ids.size() == MAX_CART) {
                throw new ApiError(413, "cart too large", FIELD + ": at most " + MAX_CART + " product ids");
            }
            String field = FIELD + "[" + ids.size() + "]";
            if (token == JsonToken.VALUE_NUMBER_INT) {
                ids.add(ResourceIds.parse(parser.getText(), field));
            } else if (token == JsonToken.VALUE_STRING) {
                ids.add(ResourceIds.parse(parser.getText(), field));
            } else {
                throw ApiError.badRequest(field + " must be a positive 64-bit integer, got " + describe(token));
            }
        }
        return ids;
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_FLOAT -> "a fraction";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "a number";
        };
    }
}
