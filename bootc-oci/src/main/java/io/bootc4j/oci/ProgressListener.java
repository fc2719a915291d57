package io.bootc4j.oci;

/**
 * Receives progress events while an image is copied or pulled. Every method has a no-op default,
 * so an implementation overrides only what it renders. Methods may be called from several
 * threads when blobs are fetched in parallel; implementations must be thread-safe and fast (they
 * run on the copying thread).
 */
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() { };

    /** A blob (config or layer) starts transferring. */
    default void blobStarted(Descriptor blob) {
    }

    /** {@code bytes} more bytes of {@code blob} arrived. */
    default void bytesFetched(Descriptor blob, long bytes) {
    }

    /** A blob finished and was verified. */
    default void blobDone(Descriptor blob) {
    }

    /** A blob was already present at the destination and was not transferred. */
    default void blobSkipped(Descriptor blob) {
    }

    /** A manifest (or index) was written to the destination. */
    default void manifestWritten(Digest manifest) {
    }
}
