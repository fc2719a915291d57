package io.bootc4j.oci.signature.internal;

/**
 * A JSON document does not have the shape a strict reader requires. Unchecked and internal:
 * callers translate it into their domain's checked exception, keeping {@link #path()} and the
 * message.
 */
public final class JsonShapeException extends RuntimeException {

    private final String path;

    public JsonShapeException(String path, String message) {
        super(path.isEmpty() ? message : path + ": " + message);
        this.path = path;
    }

    /** JSON path of the offending value ({@code ""} for the document). */
    public String path() {
        return path;
    }
}
