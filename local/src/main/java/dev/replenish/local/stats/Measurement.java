package dev.replenish.local.stats;

import java.util.OptionalDouble;

/**
 * One statistic measured on a directory, with the value it is held against.
 *
 * @param value  the measured value, empty when the data has none (no train orders, no timing columns)
 * @param target the published value, scaled to the directory's users where the statistic is a total;
 *               empty when the statistic is not compared
 */
public record Measurement(Statistic statistic, OptionalDouble value, OptionalDouble target) {

    /** Relative deviation from the target, in percent; empty when either side is missing or the target is zero. */
    public OptionalDouble deviationPercent() {
        if (value.isEmpty() || target.isEmpty() || target.getAsDouble() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(100.0 * (value.getAsDouble() - target.getAsDouble()) / target.getAsDouble());
    }
}
