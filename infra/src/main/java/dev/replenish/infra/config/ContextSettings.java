package dev.replenish.infra.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads typed settings from CDK context. Values arrive as JSON types from {@code cdk.json} and as
 * strings from {@code cdk synth -c key=value}; both are accepted. Every read records the key and its
 * default, so the documented defaults in {@code cdk.json} can be checked against the code.
 */
public final class ContextSettings {

    /** All settings of this app share one prefix, so they never collide with CDK feature flags. */
    public static final String PREFIX = "replenish:";

    private final Function<String, Object> lookup;
    private final Map<String, Object> defaultsRead = new LinkedHashMap<>();

    public ContextSettings(Function<String, Object> lookup) {
        this.lookup = lookup;
    }

    /** No context at all: every setting takes its default. */
    public static ContextSettings empty() {
        return new ContextSettings(key -> null);
    }

    /** Every key read so far with the default it would have had, in reading order. */
    public Map<String, Object> defaultsRead() {
        return Map.copyOf(defaultsRead);
    }

    public String string(String key, String defaultValue) {
        Object value = raw(key, defaultValue);
        return value == null ? defaultValue : value.toString().trim();
    }

    public int integer(String key, int defaultValue, int min, int max) {
        Object value = raw(key, defaultValue);
        long parsed = value == null ? defaultValue : parseLong(key, value);
        if (parsed < min || parsed > max) {
            throw invalid(key, value, "a whole number from " + min + " to " + max);
        }
        return (int) parsed;
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        Object value = raw(key, defaultValue);
        long parsed = value == null ? defaultValue : parseLong(key, value);
        if (parsed < min || parsed > max) {
            throw invalid(key, value, "a whole number from " + min + " to " + max);
        }
        return parsed;
    }

    public double decimal(String key, double defaultValue, double min, double max) {
        Object value = raw(key, defaultValue);
        double parsed;
        if (value == null) {
            parsed = defaultValue;
        } else if (value instanceof Number number) {
            parsed = number.doubleValue();
        } else {
            try {
                parsed = Double.parseDouble(value.toString().trim());
            } catch (NumberFormatException e) {
                throw invalid(key, value, "a number");
            }
        }
        if (!(parsed >= min && parsed <= max)) {
            throw invalid(key, value, "a number from " + min + " to " + max);
        }
        return parsed;
    }

    /** A whole number that must be one of the values a service accepts (log retention days, say). */
    public int choiceOf(String key, int defaultValue, int... allowed) {
        Object value = raw(key, defaultValue);
        long parsed = value == null ? defaultValue : parseLong(key, value);
        for (int option : allowed) {
            if (option == parsed) {
                return option;
            }
        }
        throw invalid(key, value, "one of " + java.util.Arrays.toString(allowed));
    }

    public <E extends Enum<E>> E choice(String key, E defaultValue) {
        Object value = raw(key, defaultValue.name().toLowerCase());
        if (value == null) {
            return defaultValue;
        }
        Class<E> type = defaultValue.getDeclaringClass();
        for (E option : type.getEnumConstants()) {
            if (option.name().equalsIgnoreCase(value.toString().trim())) {
                return option;
            }
        }
        throw invalid(key, value, "one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(option -> option.name().toLowerCase()).toList());
    }

    /** An optional setting: empty string or absent means "not set". */
    public Optional<String> optional(String key) {
        String value = string(key, "");
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private Object raw(String key, Object defaultValue) {
        if (!key.startsWith(PREFIX)) {
            throw new IllegalArgumentException("setting " + key + " must start with " + PREFIX);
        }
        defaultsRead.put(key, defaultValue);
        return lookup.apply(key);
    }

    private static long parseLong(String key, Object value) {
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw invalid(key, value, "a whole number");
        }
    }

    private static InvalidSettingException invalid(String key, Object value, String expected) {
        return new InvalidSettingException("context " + key + " is '" + value + "'; expected " + expected);
    }

    /** A context value the user must fix; the message names the key. */
    public static final class InvalidSettingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidSettingException(String message) {
            super(message);
        }
    }
}
