package dev.replenish.local;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints a {@link UserError} as one line naming what to fix; anything else keeps its stack trace. */
final class UserErrorHandler implements IExecutionExceptionHandler {

    static final int USER_ERROR_EXIT = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult)
            throws Exception {
        if (ex instanceof UserError) {
            commandLine.getErr().println("replenish " + commandLine.getCommandName() + ": " + ex.getMessage());
            return USER_ERROR_EXIT;
        }
        throw ex;
    }
}
