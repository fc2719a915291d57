package io.bootc4j.ostree;

import java.util.Optional;

/**
 * A stored object whose content does not hash to its name, or that cannot be read back as its
 * type. {@link #expected()} is the checksum the object is named by; {@link #actual()} the
 * checksum its bytes have, when one could be computed.
 */
public final class CorruptObjectException extends OstreeException {

    private static final long serialVersionUID = 1L;

    private final ObjectName object;
    private final transient Checksum actual;

    public CorruptObjectException(ObjectName object, String reason) {
        super("object " + object + ": " + reason);
        this.object = object;
        this.actual = null;
    }

    public CorruptObjectException(ObjectName object, Checksum actual) {
        super("object " + object + ": corrupted, its content checksums to " + actual);
        this.object = object;
        this.actual = actual;
    }

    public ObjectName object() {
        return object;
    }

    public Checksum expected() {
        return object.checksum();
    }

    public Optional<Checksum> actual() {
        return Optional.ofNullable(actual);
    }
}
