package org.simdnn.cli;

/**
 * A command could not do its job for a reason the user can act on; the message is the one line printed after
 * {@code simdnn COMMAND: }, without a stack trace.
 */
final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message, null, false, false);
    }
}
