package io.bootc4j.oci;

/** A blob is longer or shorter than the size its descriptor declares. */
public class BlobSizeMismatchException extends OciException {
    private static final long serialVersionUID = 1L;

    private final Digest digest;
    private final long expectedSize;
    private final long actualSize;

    /**
     * @param actualSize the bytes seen; when the blob was cut off because it exceeded the
     *     declared size this is the count at which reading stopped (more than expected)
     */
    public BlobSizeMismatchException(String subject, Digest digest, long expectedSize, long actualSize) {
        super(subject + ": blob " + digest + " has size " + (actualSize > expectedSize ? "more than " + expectedSize
                : Long.toString(actualSize)) + ", descriptor declares " + expectedSize);
        this.digest = digest;
        this.expectedSize = expectedSize;
        this.actualSize = actualSize;
    }

    public Digest digest() {
        return digest;
    }

    public long expectedSize() {
        return expectedSize;
    }

    public long actualSize() {
        return actualSize;
    }
}
