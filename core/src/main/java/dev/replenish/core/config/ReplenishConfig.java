package dev.replenish.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The one home of configuration. Defaults live here, in code; a JSON file (local runs) or CDK
 * context (cloud) overrides any subset of them. Later capabilities add their own section record.
 *
 * @param ingest how raw files are checked and curated
 * @param join         how the join step splits train users
 * @param featureStore how the feature store is loaded
 * @param athena       how the cloud runtime waits on Athena
 */
public record ReplenishConfig(Ingest ingest, Join join, FeatureStore featureStore, Athena athena) {

    /**
     * @param maxRejectFraction a table whose rejected share of rows exceeds this stops the run
     * @param maxFieldChars     a raw field longer than this is rejected (guards memory and Athena's limits)
     */
    public record Ingest(double maxRejectFraction, int maxFieldChars) {
        public Ingest {
            if (!(maxRejectFraction >= 0.0 && maxRejectFraction <= 1.0)) {
                throw new IllegalArgumentException("ingest.maxRejectFraction must be between 0 and 1, was " + maxRejectFraction);
            }
            if (maxFieldChars < 16) {
                throw new IllegalArgumentException("ingest.maxFieldChars must be at least 16, was " + maxFieldChars);
            }
        }

        static Ingest defaults() {
            return new Ingest(0.01, 65_536);
        }
    }

    /**
     * @param validationFraction share of train users held out for validation (and the model gate),
     *                           chosen by a hash of user_id so the split is the same on every run
     */
    public record Join(double validationFraction) {
        public Join {
            if (!(validationFraction > 0.0 && validationFraction < 1.0)) {
                throw new IllegalArgumentException("join.validationFraction must be between 0 and 1 (exclusive), was " + validationFraction);
            }
        }

        static Join defaults() {
            return new Join(0.1);
        }
    }

    /**
     * @param trimByFeature     a user with more candidates than one DynamoDB item holds keeps those
     *                          with the highest value of this feature
     * @param callsInFlight     BatchWriteItem calls in flight per writer
     * @param maxAttempts       attempts per batch before the load fails
     * @param baseBackoffMillis first back-off after throttling or unprocessed items (doubles per attempt, full jitter)
     * @param maxBackoffMillis  longest single back-off
     */
    public record FeatureStore(String trimByFeature, int callsInFlight, int maxAttempts, long baseBackoffMillis,
                               long maxBackoffMillis) {
        public FeatureStore {
            if (trimByFeature == null || trimByFeature.isBlank()) {
                throw new IllegalArgumentException("featureStore.trimByFeature must name a feature");
            }
            if (callsInFlight < 1 || maxAttempts < 1 || baseBackoffMillis < 0 || maxBackoffMillis < baseBackoffMillis) {
                throw new IllegalArgumentException("featureStore: callsInFlight and maxAttempts must be at least 1, "
                        + "and 0 <= baseBackoffMillis <= maxBackoffMillis");
            }
        }

        static FeatureStore defaults() {
            return new FeatureStore("user_product_times_bought", 4, 12, 50, 5_000);
        }
    }

    /**
     * The query Lambdas start a CTAS and return at once (the state machine polls it), but the
     * short statements before it (dropping the previous table registration, re-creating a raw
     * view) must finish first, so the Lambda waits on those.
     *
     * @param pollMillis        pause between two status checks of a statement being waited on
     * @param ddlTimeoutSeconds the longest such a wait may take; keep it under the Lambda's timeout
     */
    public record Athena(int pollMillis, int ddlTimeoutSeconds) {
        public Athena {
            if (pollMillis < 50) {
                throw new IllegalArgumentException("athena.pollMillis must be at least 50, was " + pollMillis);
            }
            if (ddlTimeoutSeconds < 1 || ddlTimeoutSeconds > 600) {
                throw new IllegalArgumentException("athena.ddlTimeoutSeconds must be between 1 and 600, was " + ddlTimeoutSeconds);
            }
        }

        static Athena defaults() {
            return new Athena(500, 40);
        }
    }

    public static ReplenishConfig defaults() {
        return new ReplenishConfig(Ingest.defaults(), Join.defaults(), FeatureStore.defaults(), Athena.defaults());
    }

    /** This configuration with another ingest section (new sections then leave callers alone). */
    public ReplenishConfig withIngest(Ingest replacement) {
        return new ReplenishConfig(replacement, join, featureStore, athena);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Reads a JSON file whose fields override the defaults; an unknown field is an error naming it. */
    public static ReplenishConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such configuration file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(file.toString(), text);
    }

    static ReplenishConfig parse(String source, String json) {
        try {
            ObjectReader reader = JSON.readerForUpdating(JSON.valueToTree(defaults()));
            return JSON.treeToValue(reader.readValue(json), ReplenishConfig.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            Throwable root = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String why = root == e ? e.getOriginalMessage().lines().findFirst().orElse("") : root.getMessage();
            throw new ConfigException(source + ": " + (field.isEmpty() ? "" : "field '" + field + "': ") + why);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
    }

    /** A configuration file the user must fix. */
    public static final class ConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ConfigException(String message) {
            super(message);
        }
    }
}
