package io.bootc4j.oci.layer;

/**
 * Bounds that stop decompression bombs and absurd layers: total uncompressed bytes, number of
 * entries and path length. Immutable.
 *
 * @param maxUncompressedBytes uncompressed tar bytes allowed (per reader, or per stack for an extractor)
 * @param maxEntries entries allowed
 * @param maxPathLength bytes allowed in one entry name
 */
public record LayerLimits(long maxUncompressedBytes, long maxEntries, int maxPathLength) {

    /** 64 GiB, 10 million entries, 4096-byte names. */
    public static final LayerLimits DEFAULT = new LayerLimits(64L << 30, 10_000_000L, 4096);

    public LayerLimits {
        if (maxUncompressedBytes <= 0 || maxEntries <= 0 || maxPathLength <= 0) {
            throw new IllegalArgumentException("layer limits must be positive: " + maxUncompressedBytes + ", "
                    + maxEntries + ", " + maxPathLength);
        }
    }

    public LayerLimits withMaxUncompressedBytes(long bytes) {
        return new LayerLimits(bytes, maxEntries, maxPathLength);
    }

    public LayerLimits withMaxEntries(long entries) {
        return new LayerLimits(maxUncompressedBytes, entries, maxPathLength);
    }
}
