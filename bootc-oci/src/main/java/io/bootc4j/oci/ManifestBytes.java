package io.bootc4j.oci;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A manifest or index exactly as stored or received, with its media type. The digest is
 * SHA-256 of these bytes; nothing ever re-serializes them, so copying keeps the digest.
 * Immutable (bytes are copied in and out).
 */
public final class ManifestBytes {

    /** containers/image's limit for a manifest (4 MiB). */
    public static final int MAX_SIZE = 4 * 1024 * 1024;

    private final byte[] bytes;
    private final String mediaType;
    private final Digest digest;

    private ManifestBytes(byte[] bytes, String mediaType) {
        this.bytes = bytes;
        this.mediaType = mediaType;
        this.digest = Digest.sha256(bytes);
    }

    /** Wraps {@code bytes} with a known media type (parameters such as charset are dropped). */
    public static ManifestBytes of(byte[] bytes, String mediaType) {
        Objects.requireNonNull(mediaType, "mediaType");
        return new ManifestBytes(bytes.clone(), MediaType.normalize(mediaType));
    }

    /**
     * Wraps {@code bytes} whose media type is unknown or untrusted, guessing it from the JSON as
     * containers/image's {@code GuessMIMEType} does: the {@code mediaType} field, then
     * {@code schemaVersion} 1, then the config media type, then a {@code manifests} array.
     * Unparseable bytes get an empty media type (parsing them later fails with a clear message).
     */
    public static ManifestBytes guess(byte[] bytes) {
        return new ManifestBytes(bytes.clone(), io.bootc4j.oci.internal.ManifestTypeGuesser.guess(bytes));
    }

    /** A fresh copy of the exact bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    /** The normalised media type, or an empty string when it could not be determined. */
    public String mediaType() {
        return mediaType;
    }

    /** SHA-256 of the exact bytes. */
    public Digest digest() {
        return digest;
    }

    /** True when the media type is an OCI index or a Docker manifest list. */
    public boolean isIndex() {
        return MediaType.isIndex(mediaType);
    }

    /** The descriptor pointing at these bytes. */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType, digest, bytes.length);
    }

    /** The bytes decoded as UTF-8 (manifests are JSON). */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManifestBytes m && m.mediaType.equals(mediaType) && Arrays.equals(m.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "ManifestBytes[" + mediaType + " " + digest + " " + bytes.length + " bytes]";
    }
}
