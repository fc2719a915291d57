package io.bootc4j.boot;

import java.io.IOException;

/** Root of every checked failure in the boot module: reading, writing or switching boot configuration. */
public class BootException extends IOException {
    private static final long serialVersionUID = 1L;

    public BootException(String message) {
        super(message);
    }

    public BootException(String message, Throwable cause) {
        super(message, cause);
    }
}
