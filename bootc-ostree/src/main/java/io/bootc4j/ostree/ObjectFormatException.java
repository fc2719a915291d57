package io.bootc4j.ostree;

/**
 * Bytes that do not parse as the object they claim to be: malformed or non-normal-form GVariant,
 * a checksum field that is not 32 bytes, an unsorted dirtree, a bad archive header. The message
 * names the object (or what was being parsed) and the offence.
 */
public class ObjectFormatException extends OstreeException {

    private static final long serialVersionUID = 1L;

    public ObjectFormatException(String message) {
        super(message);
    }

    public ObjectFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
