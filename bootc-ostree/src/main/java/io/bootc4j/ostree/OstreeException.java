package io.bootc4j.ostree;

import java.io.IOException;

/**
 * Root of every checked failure of the ostree module: a repository, object or signature that
 * could not be read, written or trusted. Leaves carry the data that explains the failure.
 */
public abstract class OstreeException extends IOException {

    private static final long serialVersionUID = 1L;

    protected OstreeException(String message) {
        super(message);
    }

    protected OstreeException(String message, Throwable cause) {
        super(message, cause);
    }
}
