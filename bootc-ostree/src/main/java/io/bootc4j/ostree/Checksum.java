package io.bootc4j.ostree;

import io.bootc4j.ostree.internal.nativeio.Sha256;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * An ostree object checksum: 32 SHA-256 bytes, written as 64 lowercase hex digits (the form of
 * ref files, object file names and {@code ostree rev-parse}). Immutable; compares by unsigned
 * bytes, which is the order of the hex strings.
 */
public final class Checksum implements Comparable<Checksum> {

    /** Number of bytes in a checksum. */
    public static final int LENGTH = 32;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Checksum(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Parses 64 lowercase hex digits.
     *
     * @throws IllegalArgumentException quoting {@code hex} when it is not a checksum
     */
    public static Checksum parse(String hex) {
        return tryParse(hex).orElseThrow(() -> new IllegalArgumentException(
                "not an ostree checksum (64 lowercase hex digits): \"" + hex + "\""));
    }

    /** Parses 64 lowercase hex digits, or returns empty. */
    public static Optional<Checksum> tryParse(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return Optional.empty();
            }
        }
        return Optional.of(new Checksum(HEX.parseHex(hex)));
    }

    /**
     * Wraps 32 raw bytes (copied).
     *
     * @throws IllegalArgumentException when {@code raw} is not 32 bytes long
     */
    public static Checksum fromBytes(byte[] raw) {
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("checksum needs " + LENGTH + " bytes, got " + raw.length);
        }
        return new Checksum(raw.clone());
    }

    /** Wraps the 32 bytes at {@code offset} of {@code raw} (copied). */
    public static Checksum fromBytes(byte[] raw, int offset) {
        Objects.checkFromIndexSize(offset, LENGTH, raw.length);
        return new Checksum(Arrays.copyOfRange(raw, offset, offset + LENGTH));
    }

    /** SHA-256 of {@code data}: the checksum of a metadata object whose bytes these are. */
    public static Checksum sha256(byte[] data) {
        return new Checksum(DIGESTS.get().digest(data));
    }

    /** One reusable digest per thread (native ones hold a context; the JDK's a provider lookup). */
    private static final ThreadLocal<Sha256> DIGESTS = ThreadLocal.withInitial(Sha256::create);

    /** Wraps the 32 bytes of a finished SHA-256 digest (not copied: the caller hands them over). */
    static Checksum ofDigest(byte[] digest) {
        if (digest.length != LENGTH) {
            throw new IllegalArgumentException("checksum needs " + LENGTH + " bytes, got " + digest.length);
        }
        return new Checksum(digest);
    }

    /** A copy of the 32 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] bytesUnsafe() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checksum other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return (bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8 | (bytes[3] & 0xFF);
    }

    @Override
    public int compareTo(Checksum o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** The 64 lowercase hex digits. */
    @Override
    public String toString() {
        return HEX.formatHex(bytes);
    }
}
