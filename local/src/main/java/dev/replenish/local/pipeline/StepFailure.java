package dev.replenish.local.pipeline;

import dev.replenish.core.pipeline.PipelineStep;

/**
 * A step stopped on an unexpected exception (a bug, a full disk, an engine's own error). The
 * command prints the message, one line naming the step and the cause, and exits with status 1;
 * the stack trace only when REPLENISH_DEBUG=1. (A cause the user can fix stays a UserError.)
 */
public final class StepFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient PipelineStep step;

    StepFailure(PipelineStep step, Exception cause) {
        super("step '" + step.id() + "' failed: " + describe(cause), cause);
        this.step = step;
    }

    public PipelineStep step() {
        return step;
    }

    /** The exception's type and the first line of its message: Spark's run to dozens of lines. */
    static String describe(Throwable cause) {
        Throwable shown = cause;
        // Wrappers without a message of their own say nothing; their cause does.
        while (shown.getMessage() == null && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage() == null ? "" : shown.getMessage().strip().lines().findFirst().orElse("");
        return shown.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
