package io.bootc4j.oci;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where {@link ImageCopy} writes an image. Blobs and manifests are written first; nothing is
 * visible under the destination's name (tag) before {@link #commit()}. Closing without commit
 * leaves at most unreferenced blobs behind. Not thread-safe, except {@link #hasBlob} and
 * {@link #putBlob} when {@link #concurrentBlobs()} says so.
 */
public interface ImageDestination extends AutoCloseable {

    /** {@code transport:reference}, for messages. */
    String describe();

    /** True when the destination already holds the blob, so the copy can skip it. */
    default boolean hasBlob(Digest digest) throws IOException {
        return false;
    }

    /**
     * Stores the blob read from {@code content} (read to EOF; the caller closes it) and returns
     * its descriptor: {@code mediaType}, the computed digest and size. Written to a temp file and
     * renamed into place, so a failure never leaves a partial blob under its digest.
     */
    Descriptor putBlob(InputStream content, String mediaType) throws IOException;

    /**
     * Stores a blob read from a stream that verifies {@code expected} itself, as the streams of
     * {@link ImageSource#openBlob} do (throwing at end-of-stream when digest or size differ), so
     * a destination may skip hashing it again: it names the blob by {@code expected} only after
     * end-of-stream was reached without an exception, through a temp file and rename. The caller
     * closes {@code content}. The default hashes it like {@link #putBlob}.
     */
    default Descriptor putVerifiedBlob(InputStream content, Descriptor expected) throws IOException {
        return putBlob(content, expected.mediaType());
    }

    /**
     * True when {@link #hasBlob}, {@link #putBlob} and {@link #putVerifiedBlob} may be called from several threads at once
     * (each call writing its own temp file), so that {@link ImageCopy} can store several blobs in
     * parallel. False by default.
     */
    default boolean concurrentBlobs() {
        return false;
    }

    /**
     * Stores a manifest or index. {@code instance} empty means the top-level manifest (the one
     * the destination's name will point at); otherwise a per-instance manifest of an index.
     */
    void putManifest(ManifestBytes manifest, Optional<Digest> instance) throws IOException;

    /**
     * Stores signatures for the top-level manifest or an instance.
     *
     * @throws OciException when the transport cannot store signatures and {@code signatures} is
     *     not empty (as containers/image refuses to drop them silently)
     */
    void putSignatures(List<SignatureBlob> signatures, Optional<Digest> instance) throws IOException;

    /** Makes the image visible under the destination's name. */
    void commit() throws IOException;

    @Override
    void close() throws IOException;
}
