package io.bootc4j.oci;

import java.util.Objects;

/** Content read from a source does not hash to the digest that was promised for it. */
public class DigestMismatchException extends OciException {
    private static final long serialVersionUID = 1L;

    private final Digest expected;
    private final Digest actual;

    public DigestMismatchException(Digest expected, Digest actual) {
        this("content", expected, actual);
    }

    /**
     * @param subject what was read, for the message (e.g. {@code "blob in oci:/srv/img"})
     */
    public DigestMismatchException(String subject, Digest expected, Digest actual) {
        super(subject + ": digest mismatch: expected " + expected + ", got " + actual);
        this.expected = Objects.requireNonNull(expected, "expected");
        this.actual = Objects.requireNonNull(actual, "actual");
    }

    /** For subclasses that word the whole message themselves. */
    protected DigestMismatchException(Digest expected, Digest actual, String message) {
        super(message);
        this.expected = Objects.requireNonNull(expected, "expected");
        this.actual = Objects.requireNonNull(actual, "actual");
    }

    public Digest expected() {
        return expected;
    }

    public Digest actual() {
        return actual;
    }
}
