package io.bootc4j.oci;

import java.io.IOException;

/**
 * Root of every checked failure raised by the OCI module: reading or writing images, blobs,
 * manifests and layers. Leaves carry the data that identifies the failing input.
 */
public class OciException extends IOException {
    private static final long serialVersionUID = 1L;

    public OciException(String message) {
        super(message);
    }

    public OciException(String message, Throwable cause) {
        super(message, cause);
    }
}
