package dev.replenish.local;

import dev.replenish.local.pipeline.StepFailure;
import dev.replenish.sources.SourceError;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a {@link UserError} or a {@link SourceError} (a source file's fault) as one line naming what to fix (exit 2), and a failed pipeline step as
 * one line naming the step and the cause (exit 1; the stack trace too with REPLENISH_DEBUG=1).
 * Anything else keeps its stack trace.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {

    static final int USER_ERROR_EXIT = 2;
    static final int STEP_FAILURE_EXIT = 1;

    private static boolean debug() {
        String value = System.getenv("REPLENISH_DEBUG");
        return value != null && !value.isBlank() && !value.equals("0");
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult)
            throws Exception {
        if (ex instanceof UserError || ex instanceof SourceError) {
            commandLine.getErr().println("replenish " + commandLine.getCommandName() + ": " + ex.getMessage());
            if (debug()) {
                ex.printStackTrace(commandLine.getErr());
            }
            return USER_ERROR_EXIT;
        }
        if (ex instanceof StepFailure) {
            commandLine.getErr().println("replenish " + commandLine.getCommandName() + ": " + ex.getMessage());
            if (debug()) {
                ex.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(REPLENISH_DEBUG=1 shows the stack trace)");
            }
            return STEP_FAILURE_EXIT;
        }
        throw ex;
    }
}
