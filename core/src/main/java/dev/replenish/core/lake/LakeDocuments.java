package dev.replenish.core.lake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * JSON for the small documents kept in the lake beside the data (feature manifest, model manifest,
 * active-model pointer): indented, and read either strictly or tolerantly of fields added later.
 */
public final class LakeDocuments {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper TOLERANT = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private LakeDocuments() {
    }

    public static String toJson(Object document) {
        try {
            return STRICT.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + document.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads a document whose every field must be known (a contract between steps). */
    public static <T> T readStrict(String json, Class<T> type, String source, String what) {
        return read(STRICT, json, type, source, what);
    }

    /** Reads a document that may carry fields added by later code (it outlives the code that wrote it). */
    public static <T> T readTolerant(String json, Class<T> type, String source, String what) {
        return read(TOLERANT, json, type, source, what);
    }

    private static <T> T read(ObjectMapper mapper, String json, Class<T> type, String source, String what) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not " + what + ": " + e.getOriginalMessage(), e);
        }
    }
}
