package io.bootc4j.ostree.sign;

import io.bootc4j.ostree.Metadata;
import io.bootc4j.ostree.MetadataValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Verifies the OpenPGP signatures ostree keeps under {@value #METADATA_KEY} in detached metadata:
 * an {@code aay} whose elements are binary (non-armored) detached signatures over the exact
 * commit object bytes (GPGME {@code GPG_SIG_MODE_DETACH}, as {@code ostree gpg-sign} writes them)
 * or over the {@code summary} file. Accepted when any signature verifies with a key of the
 * keyring that is neither revoked nor expired at signing time. Immutable and thread-safe.
 */
public final class GpgCommitVerifier implements CommitVerifier {

    /** The detached-metadata key holding OpenPGP signatures. */
    public static final String METADATA_KEY = "ostree.gpgsigs";

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final PGPPublicKeyRingCollection keyring;

    private GpgCommitVerifier(PGPPublicKeyRingCollection keyring) {
        this.keyring = keyring;
    }

    /**
     * Trusts every key in {@code keyring}: binary or ASCII-armored public keys, one or more
     * transferable keys concatenated (as {@code gpg --export} writes them).
     */
    public static GpgCommitVerifier fromKeyring(byte[] keyring) throws InvalidKeyringException {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(keyring))) {
            PGPPublicKeyRingCollection rings = new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
            if (rings.size() == 0) {
                throw new InvalidKeyringException("OpenPGP keyring of " + keyring.length + " bytes holds no public key",
                        null);
            }
            return new GpgCommitVerifier(rings);
        } catch (IOException | PGPException | RuntimeException e) {
            throw new InvalidKeyringException("OpenPGP keyring of " + keyring.length + " bytes does not parse: "
                    + e.getMessage(), e);
        }
    }

    /** Upper-case fingerprints of the primary keys this verifier trusts. */
    public List<String> fingerprints() {
        List<String> out = new ArrayList<>();
        keyring.getKeyRings().forEachRemaining(r -> out.add(HEX.formatHex(r.getPublicKey().getFingerprint())));
        return out;
    }

    @Override
    public SignatureVerdict verify(byte[] signedBytes, Metadata detachedMetadata) {
        List<SignatureVerdict.GoodSignature> good = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Optional<MetadataValue> value = detachedMetadata.get(METADATA_KEY);
        if (value.isEmpty()) {
            problems.add("no " + METADATA_KEY + " signatures in the detached metadata");
        } else if (!(value.get() instanceof MetadataValue.ByteStrings sigs)) {
            problems.add(METADATA_KEY + " holds " + value.get().typeString() + ", not aay");
        } else {
            List<byte[]> blobs = sigs.value();
            for (int i = 0; i < blobs.size(); i++) {
                check(i, blobs.get(i), signedBytes, good, problems);
            }
        }
        return new SignatureVerdict(good, problems);
    }

    private void check(int index, byte[] blob, byte[] data, List<SignatureVerdict.GoodSignature> good,
            List<String> problems) {
        List<PGPSignature> signatures = new ArrayList<>();
        try {
            BcPGPObjectFactory factory = new BcPGPObjectFactory(blob);
            Object o;
            while ((o = factory.nextObject()) != null) {
                if (o instanceof PGPSignatureList list) {
                    list.forEach(signatures::add);
                } else {
                    problems.add("gpg signature " + index + " holds a " + o.getClass().getSimpleName()
                            + " packet, not a signature");
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add("gpg signature " + index + " is not an OpenPGP signature: " + e.getMessage());
            return;
        }
        if (signatures.isEmpty()) {
            problems.add("gpg signature " + index + " is empty");
        }
        for (PGPSignature sig : signatures) {
            String keyId = String.format("%016X", sig.getKeyID());
            try {
                PGPPublicKey key = keyring.getPublicKey(sig.getKeyID());
                if (key == null) {
                    problems.add("gpg signature " + index + " is by key " + keyId + ", which is not in the keyring");
                    continue;
                }
                PGPPublicKeyRing ring = keyring.getPublicKeyRing(sig.getKeyID());
                String fingerprint = HEX.formatHex(ring.getPublicKey().getFingerprint());
                sig.init(new BcPGPContentVerifierBuilderProvider(), key);
                sig.update(data);
                if (!sig.verify()) {
                    problems.add("gpg signature " + index + " by " + fingerprint + " does not match the signed data");
                } else if (key.hasRevocation() || ring.getPublicKey().hasRevocation()) {
                    problems.add("gpg signature " + index + " is by revoked key " + fingerprint);
                } else if (expiredAt(key, sig) || expiredAt(ring.getPublicKey(), sig)) {
                    problems.add("gpg signature " + index + " is by key " + fingerprint + ", expired when it signed");
                } else {
                    good.add(new SignatureVerdict.GoodSignature("gpg", fingerprint,
                            Optional.of(sig.getCreationTime().toInstant())));
                }
            } catch (PGPException | RuntimeException e) {
                problems.add("gpg signature " + index + " by key " + keyId + " cannot be checked: " + e.getMessage());
            }
        }
    }

    private static boolean expiredAt(PGPPublicKey key, PGPSignature sig) {
        long valid = key.getValidSeconds();
        return valid > 0 && sig.getCreationTime().getTime() > key.getCreationTime().getTime() + valid * 1000;
    }
}
