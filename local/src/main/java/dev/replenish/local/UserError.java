package dev.replenish.local;

/**
 * A problem the user can fix (bad input, a missing file, a wrong option). The command prints its
 * message, without a stack trace, and exits with status 2.
 */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
