package dev.replenish.local.pipeline;

import java.util.List;

/**
 * What a step reports for the run summary.
 *
 * @param lines one line per table or output, already formatted ("orders  in 3,421,083  ...")
 */
public record StepResult(List<String> lines) {

    public static StepResult of(List<String> lines) {
        return new StepResult(List.copyOf(lines));
    }
}
