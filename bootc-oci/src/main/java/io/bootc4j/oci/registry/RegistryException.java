package io.bootc4j.oci.registry;

import io.bootc4j.oci.OciException;
import java.util.Objects;

/**
 * A registry answered with an error status. Carries the HTTP status and the first error code and
 * message of the distribution-spec error body ({@code {"errors":[{"code","message"}]}}) when
 * there is one ({@code code} is empty otherwise). The exception message names the registry, the
 * repository and what was requested, e.g.
 * {@code 127.0.0.1:5000/os manifest "v1": unauthorized (401 UNAUTHORIZED): authentication required}.
 */
public class RegistryException extends OciException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String registryMessage;

    public RegistryException(String subject, int status, String code, String message) {
        super(Objects.requireNonNull(subject, "subject") + ": " + (status == 401 ? "unauthorized (" : "")
                + status + describe(status, code, message));
        this.status = status;
        this.code = code == null ? "" : code;
        this.registryMessage = message == null ? "" : message;
    }

    private static String describe(int status, String code, String message) {
        StringBuilder b = new StringBuilder();
        if (code != null && !code.isEmpty()) {
            b.append(' ').append(code);
        }
        if (status == 401) {
            b.append(')');
        }
        if (message != null && !message.isEmpty()) {
            b.append(": ").append(message);
        }
        return b.toString();
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The distribution error code, e.g. {@code MANIFEST_UNKNOWN}; empty when the body had none. */
    public String code() {
        return code;
    }

    /** The registry's own message; may be empty. */
    public String registryMessage() {
        return registryMessage;
    }

    /** True for 404 and the "unknown" error codes registries use for missing manifests and blobs. */
    public boolean isNotFound() {
        return status == 404 || code.equals("MANIFEST_UNKNOWN") || code.equals("BLOB_UNKNOWN") || code.equals("NAME_UNKNOWN")
                || code.equals("UNKNOWN") && registryMessage.toLowerCase(java.util.Locale.ROOT).contains("not found");
    }
}
