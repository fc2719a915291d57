package io.bootc4j.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A content digest, {@code algorithm ":" hex}, as used by OCI descriptors
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests">descriptor.md</a>).
 * Only {@code sha256} (64 lowercase hex digits) and {@code sha512} (128) are accepted: every other
 * algorithm would be unverifiable here. Immutable and thread-safe; {@link #toString()} is the
 * canonical form and round-trips through {@link #parse(String)}.
 */
public final class Digest implements Comparable<Digest> {

    /** The two algorithms this library can compute. */
    public static final String SHA256 = "sha256";
    public static final String SHA512 = "sha512";

    private static final HexFormat HEX = HexFormat.of();

    /** Where SHA-256 comes from when set (see {@link #useSha256Provider}). */
    private static volatile Provider sha256Provider;

    private final String algorithm;
    private final String hex;

    private Digest(String algorithm, String hex) {
        this.algorithm = algorithm;
        this.hex = hex;
    }

    /**
     * Parses {@code "sha256:<64 hex>"} or {@code "sha512:<128 hex>"}.
     *
     * @throws IllegalArgumentException quoting the input when it is not such a digest
     */
    public static Digest parse(String text) {
        Objects.requireNonNull(text, "text");
        String problem = problem(text);
        if (problem != null) {
            throw new IllegalArgumentException("invalid digest \"" + text + "\": " + problem);
        }
        int colon = text.indexOf(':');
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** Like {@link #parse(String)} but returns empty instead of throwing; null gives empty. */
    public static Optional<Digest> tryParse(String text) {
        if (text == null || problem(text) != null) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        return Optional.of(new Digest(text.substring(0, colon), text.substring(colon + 1)));
    }

    /** Builds a digest from an algorithm name and its encoded (hex) part. */
    public static Digest of(String algorithm, String hex) {
        return parse(algorithm + ":" + hex);
    }

    private static String problem(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return "missing \"algorithm:\" prefix";
        }
        String alg = text.substring(0, colon);
        String enc = text.substring(colon + 1);
        int want;
        if (alg.equals(SHA256)) {
            want = 64;
        } else if (alg.equals(SHA512)) {
            want = 128;
        } else {
            return "unsupported algorithm \"" + alg + "\" (expected sha256 or sha512)";
        }
        if (enc.length() != want) {
            return alg + " needs " + want + " hex digits, found " + enc.length() + " characters";
        }
        for (int i = 0; i < enc.length(); i++) {
            char c = enc.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return "character '" + c + "' at " + (colon + 1 + i) + " is not a lowercase hex digit";
            }
        }
        return null;
    }

    /** The SHA-256 digest of {@code data}. */
    public static Digest sha256(byte[] data) {
        return new Digest(SHA256, HEX.formatHex(newMessageDigest(SHA256).digest(data)));
    }

    /** The digest of {@code data} with the given algorithm ({@code sha256} or {@code sha512}). */
    public static Digest compute(String algorithm, byte[] data) {
        return new Digest(checkAlgorithm(algorithm), HEX.formatHex(newMessageDigest(algorithm).digest(data)));
    }

    /** Wraps a finished {@link MessageDigest} result computed with {@code algorithm}. */
    public static Digest fromBytes(String algorithm, byte[] hash) {
        return of(checkAlgorithm(algorithm), HEX.formatHex(hash));
    }

    /**
     * Makes {@link #newMessageDigest} take SHA-256, which every blob and manifest digest of a pull
     * uses, from {@code provider}; {@code null} returns to the JCA provider list (the default).
     * For an application that has a faster implementation and would rather not install it
     * process-wide: the first lookup of a provider by name in the JCA list loads every configured
     * provider (~30 ms on a fresh JVM), a lookup in a given provider nothing else.
     */
    public static void useSha256Provider(Provider provider) {
        sha256Provider = provider;
    }

    /** A fresh JCA digest for an algorithm name of this class ({@code sha256}, {@code sha512}). */
    public static MessageDigest newMessageDigest(String algorithm) {
        String jca = switch (checkAlgorithm(algorithm)) {
            case SHA256 -> "SHA-256";
            default -> "SHA-512";
        };
        Provider preferred = SHA256.equals(algorithm) ? sha256Provider : null;
        try {
            return preferred != null ? MessageDigest.getInstance(jca, preferred) : MessageDigest.getInstance(jca);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException((preferred != null ? "provider " + preferred.getName() : "the JDK")
                    + " lacks " + jca, e);
        }
    }

    private static String checkAlgorithm(String algorithm) {
        if (!SHA256.equals(algorithm) && !SHA512.equals(algorithm)) {
            throw new IllegalArgumentException("unsupported digest algorithm \"" + algorithm + "\"");
        }
        return algorithm;
    }

    /** A fresh JCA digest for this digest's algorithm. */
    public MessageDigest newMessageDigest() {
        return newMessageDigest(algorithm);
    }

    /** True when {@code data} hashes to this digest. */
    public boolean matches(byte[] data) {
        return MessageDigest.isEqual(newMessageDigest().digest(data), HEX.parseHex(hex));
    }

    /**
     * Checks that {@code data} hashes to this digest.
     *
     * @param subject what the bytes are, for the message
     * @throws DigestMismatchException when they do not
     */
    public void verify(byte[] data, String subject) throws DigestMismatchException {
        if (!matches(data)) {
            throw new DigestMismatchException(subject, this, compute(algorithm, data));
        }
    }

    /** {@code "sha256"} or {@code "sha512"}. */
    public String algorithm() {
        return algorithm;
    }

    /** The lowercase hex encoding of the hash. */
    public String hex() {
        return hex;
    }

    /** The raw hash bytes (a fresh copy). */
    public byte[] bytes() {
        return HEX.parseHex(hex);
    }

    /** The blob path inside an OCI layout's {@code blobs/} directory: {@code "sha256/abcd…"}. */
    public String encodedPath() {
        return algorithm + "/" + hex;
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && d.algorithm.equals(algorithm) && d.hex.equals(hex);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + hex.hashCode();
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }
}
