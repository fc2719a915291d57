package io.bootc4j.ostree.sign;

import io.bootc4j.ostree.Metadata;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Optional;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * Signs commits (and summaries) as {@code ostree gpg-sign} does: a binary detached OpenPGP
 * signature (SHA-512) over the exact object bytes, appended to the {@code aay} under
 * {@value GpgCommitVerifier#METADATA_KEY}. Immutable and thread-safe.
 */
public final class GpgCommitSigner {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final PGPPrivateKey privateKey;
    private final PGPPublicKey publicKey;
    private final String fingerprint;

    private GpgCommitSigner(PGPPrivateKey privateKey, PGPPublicKey publicKey, String fingerprint) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.fingerprint = fingerprint;
    }

    /**
     * A signer using a key of {@code secretKeyring} (binary or armored, as {@code gpg
     * --export-secret-keys} writes it).
     *
     * @param keyId the fingerprint or long key id (hex, case-insensitive) of the primary key or
     *     signing subkey to use; empty for the first signing-capable key
     * @param passphrase the key's passphrase, or null for an unprotected key
     * @throws InvalidKeyringException when the keyring does not parse, holds no matching signing
     *     key, or the passphrase is wrong
     */
    public static GpgCommitSigner fromSecretKeyring(byte[] secretKeyring, Optional<String> keyId, char[] passphrase)
            throws InvalidKeyringException {
        PGPSecretKeyRingCollection rings;
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(secretKeyring))) {
            rings = new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator());
        } catch (IOException | PGPException | RuntimeException e) {
            throw new InvalidKeyringException("OpenPGP secret keyring of " + secretKeyring.length
                    + " bytes does not parse: " + e.getMessage(), e);
        }
        String wanted = keyId.map(k -> k.replace(" ", "").toUpperCase()).orElse(null);
        for (Iterator<PGPSecretKeyRing> it = rings.getKeyRings(); it.hasNext(); ) {
            PGPSecretKeyRing ring = it.next();
            String primary = HEX.formatHex(ring.getPublicKey().getFingerprint());
            for (Iterator<PGPSecretKey> keys = ring.getSecretKeys(); keys.hasNext(); ) {
                PGPSecretKey key = keys.next();
                String fpr = HEX.formatHex(key.getPublicKey().getFingerprint());
                boolean matches = wanted == null || fpr.equals(wanted) || fpr.endsWith(wanted) && wanted.length() >= 16
                        || primary.equals(wanted);
                if (key.isSigningKey() && !key.isPrivateKeyEmpty() && matches) {
                    return new GpgCommitSigner(extract(key, passphrase, fpr), key.getPublicKey(), primary);
                }
            }
        }
        throw new InvalidKeyringException("OpenPGP secret keyring has no signing key"
                + keyId.map(k -> " matching \"" + k + "\"").orElse(""), null);
    }

    private static PGPPrivateKey extract(PGPSecretKey key, char[] passphrase, String fpr) throws InvalidKeyringException {
        try {
            return key.extractPrivateKey(passphrase == null ? null
                    : new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(passphrase));
        } catch (PGPException | RuntimeException e) {
            throw new InvalidKeyringException("OpenPGP key " + fpr + " cannot be unlocked: " + e.getMessage(), e);
        }
    }

    /** Upper-case fingerprint of the primary key, as {@link SignatureVerdict.GoodSignature#keyId()} reports it. */
    public String fingerprint() {
        return fingerprint;
    }

    /** A binary detached signature of {@code data}. */
    public byte[] sign(byte[] data) {
        try {
            PGPSignatureGenerator gen = new PGPSignatureGenerator(
                    new BcPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA512), publicKey);
            gen.init(PGPSignature.BINARY_DOCUMENT, privateKey);
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setIssuerFingerprint(false, publicKey);
            gen.setHashedSubpackets(hashed.generate());
            gen.update(data);
            return gen.generate().getEncoded();
        } catch (PGPException | IOException e) {
            throw new IllegalStateException("OpenPGP signing with key " + fingerprint + " failed: " + e.getMessage(), e);
        }
    }

    /** {@code detached} with a signature of {@code signedBytes} appended to {@value GpgCommitVerifier#METADATA_KEY}. */
    public Metadata addSignature(Metadata detached, byte[] signedBytes) {
        return detached.toBuilder().appendByteString(GpgCommitVerifier.METADATA_KEY, sign(signedBytes)).build();
    }

    @Override
    public String toString() {
        return "GpgCommitSigner[" + fingerprint + "]";
    }
}
