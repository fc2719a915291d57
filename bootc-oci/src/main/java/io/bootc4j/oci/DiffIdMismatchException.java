package io.bootc4j.oci;

import java.util.Objects;

/**
 * A layer's uncompressed tar does not hash to the {@code diff_id} that the image config lists for
 * it ({@code rootfs.diff_ids}): the blob matches its own digest, but it is not the layer the
 * config describes. {@link #expected()} is the config's diff_id, {@link #actual()} the hash of the
 * decompressed bytes.
 */
public class DiffIdMismatchException extends DigestMismatchException {
    private static final long serialVersionUID = 1L;

    private final Digest layer;

    /**
     * @param source names the image the layer came from, e.g. {@code "oci:/srv/img:latest"}
     * @param layer the layer blob's (compressed) digest
     */
    public DiffIdMismatchException(String source, Digest layer, Digest expected, Digest actual) {
        super(expected, actual, source + ": layer " + layer + ": diff_id mismatch: the image config lists "
                + expected + ", the uncompressed layer hashes to " + actual);
        this.layer = Objects.requireNonNull(layer, "layer");
    }

    /** The layer blob's (compressed) digest. */
    public Digest layer() {
        return layer;
    }
}
