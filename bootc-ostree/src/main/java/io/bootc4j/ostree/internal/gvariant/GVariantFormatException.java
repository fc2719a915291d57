package io.bootc4j.ostree.internal.gvariant;

/**
 * Serialized GVariant data that is malformed or not in normal form. The public object classes
 * wrap it into {@code io.bootc4j.ostree.ObjectFormatException} together with the object's name.
 */
public final class GVariantFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public GVariantFormatException(String message) {
        super(message);
    }
}
