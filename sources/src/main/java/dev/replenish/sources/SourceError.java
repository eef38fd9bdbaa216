package dev.replenish.sources;

/**
 * A source file the user can fix: missing, unreadable, empty, or breaking a rule of its format.
 * The message names the file and, where there is one, the line, value and rule. The command line
 * prints it as one line, without a stack trace, as it does its own user errors.
 */
public class SourceError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SourceError(String message) {
        super(message);
    }

    public SourceError(String message, Throwable cause) {
        super(message, cause);
    }
}
