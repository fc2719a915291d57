package io.bootc4j.ostree.sign;

import io.bootc4j.ostree.Metadata;
import java.util.Objects;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Signs commits (and summaries) as {@code ostree sign --sign-type=ed25519} does
 * ({@code ostree-sign-ed25519.c}): a pure Ed25519 signature (64 bytes) over the exact object
 * bytes, appended to the {@code aay} under {@value #METADATA_KEY} in the detached metadata.
 * Immutable and thread-safe.
 */
public final class Ed25519CommitSigner {

    /** The detached-metadata key holding ed25519 signatures. */
    public static final String METADATA_KEY = "ostree.sign.ed25519";

    private final Ed25519SecretKey key;

    public Ed25519CommitSigner(Ed25519SecretKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The 64-byte signature of {@code data}. */
    public byte[] sign(byte[] data) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key.parameters());
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    /**
     * {@code detached} with a signature of {@code signedBytes} (a commit object's bytes or a
     * summary file) appended to {@value #METADATA_KEY}; other entries are kept.
     */
    public Metadata addSignature(Metadata detached, byte[] signedBytes) {
        return detached.toBuilder().appendByteString(METADATA_KEY, sign(signedBytes)).build();
    }

    public Ed25519PublicKey publicKey() {
        return key.publicKey();
    }
}
