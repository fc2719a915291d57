package io.bootc4j.oci;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * One image (or index) from any transport: manifests by instance, blobs by descriptor, and the
 * signatures stored with it. Obtained from {@link ImageSources#open}. Not thread-safe unless an
 * implementation says so (see {@link #concurrentBlobs()}); {@link #close()} releases files, temp
 * directories or connections.
 */
public interface ImageSource extends AutoCloseable {

    /** {@code transport:reference} as the user wrote it, for messages (e.g. {@code oci:/srv/x:v1}). */
    String describe();

    /** The docker reference this image is known by, when the transport has one. */
    Optional<ImageReference> dockerReference();

    /**
     * The exact manifest bytes: the top-level manifest or index when {@code instance} is empty,
     * otherwise the instance with that digest (verified against it).
     *
     * @throws BlobNotFoundException when the instance is not in the source
     * @throws DigestMismatchException when stored bytes do not match the requested digest
     */
    ManifestBytes manifest(Optional<Digest> instance) throws IOException;

    /**
     * Opens a blob. The caller closes the stream. The stream verifies size and digest while it
     * is read and throws {@link DigestMismatchException} or {@link BlobSizeMismatchException}
     * when end-of-stream is reached with the wrong content.
     *
     * @throws BlobNotFoundException when the source lacks the blob
     */
    InputStream openBlob(Descriptor blob) throws IOException;

    /**
     * True when {@link #openBlob} may be called from several threads at once and the streams it
     * returns read concurrently (each stream still by one thread), so that {@link ImageCopy} can
     * keep several blobs in flight. Every other method stays single-threaded. False by default.
     */
    default boolean concurrentBlobs() {
        return false;
    }

    /**
     * Signatures stored with the image ({@code instance} empty: the top-level manifest); an empty
     * list when there are none or the transport cannot store any.
     */
    List<SignatureBlob> signatures(Optional<Digest> instance) throws IOException;

    @Override
    void close() throws IOException;
}
