package io.bootc4j.ostree.sign;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * An ed25519 secret key in ostree's (libsodium's) form: 64 bytes {@code seed ‖ public key},
 * base64-encoded in key files and on the {@code ostree sign} command line. {@link #toString()}
 * never prints the key.
 */
public final class Ed25519SecretKey {

    private final byte[] seed;
    private final Ed25519PublicKey publicKey;

    private Ed25519SecretKey(byte[] seed) {
        this.seed = seed;
        this.publicKey = Ed25519PublicKey.fromBytes(
                new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded());
    }

    /**
     * Parses base64 of the 64-byte libsodium secret key (or of a bare 32-byte seed).
     *
     * @throws IllegalArgumentException when it is not base64 of 32 or 64 bytes, or the public
     *     half does not belong to the seed (the message never contains the key)
     */
    public static Ed25519SecretKey parse(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ed25519 secret key is not valid base64");
        }
        return fromBytes(raw);
    }

    /** From 64 bytes {@code seed ‖ public} or a 32-byte seed. */
    public static Ed25519SecretKey fromBytes(byte[] raw) {
        if (raw.length != 32 && raw.length != 64) {
            throw new IllegalArgumentException("ed25519 secret key needs 64 (seed+public) or 32 (seed) bytes, got "
                    + raw.length);
        }
        Ed25519SecretKey key = new Ed25519SecretKey(Arrays.copyOf(raw, 32));
        if (raw.length == 64 && !Arrays.equals(raw, 32, 64, key.publicKey.bytesUnsafe(), 0, 32)) {
            throw new IllegalArgumentException("ed25519 secret key: the public half does not match the seed");
        }
        return key;
    }

    /** A new random key. */
    public static Ed25519SecretKey generate(SecureRandom random) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        return new Ed25519SecretKey(seed);
    }

    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    /** The 64-byte libsodium form {@code seed ‖ public}. */
    public byte[] bytes() {
        byte[] out = Arrays.copyOf(seed, 64);
        System.arraycopy(publicKey.bytesUnsafe(), 0, out, 32, 32);
        return out;
    }

    /** Base64 of {@link #bytes()}, the form {@code ostree sign} reads. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes());
    }

    Ed25519PrivateKeyParameters parameters() {
        return new Ed25519PrivateKeyParameters(seed, 0);
    }

    @Override
    public String toString() {
        return "Ed25519SecretKey[public=" + publicKey + "]";
    }
}
