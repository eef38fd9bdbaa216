package dev.replenish.infra.lake;

import java.util.function.Function;

/**
 * A per-run lake key of core's {@code LakeLayout} with the run id replaced: by "{}" for a
 * States.Format template, by "*" for an IAM resource that covers every run. Keys stay derived from
 * the one layout instead of being spelled out again.
 */
public final class RunKeys {

    /** The stand-in run id the layout builds the key for; a valid run id that no path segment else uses. */
    private static final String STAND_IN = "RUN";

    private RunKeys() {
    }

    /** {@code layout}'s key with the run's path segment replaced by {@code replacement}. */
    public static String withRunAs(Function<String, String> layout, String replacement) {
        String key = layout.apply(STAND_IN);
        String segment = "/" + STAND_IN + "/";
        if (!key.contains(segment) || key.indexOf(segment) != key.lastIndexOf(segment)) {
            throw new IllegalStateException("lake key " + key + " does not name the run exactly once");
        }
        return key.replace(segment, "/" + replacement + "/");
    }
}
