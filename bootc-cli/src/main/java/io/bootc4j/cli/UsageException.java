package io.bootc4j.cli;

import java.io.Serial;

/**
 * The command line itself is wrong (an unknown option, a missing parameter, a value out of range):
 * the command prints the reason and its usage line and exits with 2, without a stack trace.
 */
final class UsageException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
