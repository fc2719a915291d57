package io.bootc4j.oci.signature.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPOnePassSignature;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
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
 * Verifies an OpenPGP signed message (RFC 4880 §11.3: optionally compressed, one-pass signature,
 * literal data, signature) against a set of trusted public keys, treating keys as GPG does: a
 * signing subkey must be bound to its primary key and maps to the primary fingerprint; a revoked
 * primary key or subkey, an expired key and an expired signature are all rejected. Literal-only,
 * encrypted and cleartext-signed messages are rejected. Thread-safe (stateless).
 */
public final class OpenPgpVerifier {

    /** Simple-signing payloads are small; anything bigger is not a signature we produce or accept. */
    private static final int MAX_PAYLOAD = 4 * 1024 * 1024;

    private final List<PGPPublicKeyRing> rings;

    private OpenPgpVerifier(List<PGPPublicKeyRing> rings) {
        this.rings = List.copyOf(rings);
    }

    /** The result of a good signature: the signed bytes and the signer's primary-key fingerprint. */
    public record Verified(byte[] payload, String primaryFingerprint) {}

    /**
     * Loads keyrings; each blob may be binary or ASCII-armored and may hold several keys.
     *
     * @throws InvalidSignatureException naming {@code what} when a blob is not an OpenPGP public keyring
     */
    public static OpenPgpVerifier fromKeyrings(List<byte[]> blobs, String what) throws InvalidSignatureException {
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        for (byte[] blob : blobs) {
            try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(blob))) {
                PGPPublicKeyRingCollection c = new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
                c.getKeyRings().forEachRemaining(rings::add);
            } catch (IOException | PGPException | RuntimeException e) {
                throw new InvalidSignatureException(what + ": not an OpenPGP public keyring: " + e.getMessage(), e);
            }
        }
        return new OpenPgpVerifier(rings);
    }

    /** Primary fingerprints of every loaded key, upper-case hex. */
    public List<String> fingerprints() {
        List<String> out = new ArrayList<>();
        rings.forEach(r -> out.add(fingerprint(r.getPublicKey())));
        return out;
    }

    /** Verifies {@code message} at time {@code now}. */
    public Verified verify(byte[] message, Instant now) throws InvalidSignatureException {
        try {
            PGPObjectFactory f = new BcPGPObjectFactory(message);
            Object o = next(f);
            if (o instanceof PGPCompressedData c) {
                f = new BcPGPObjectFactory(c.getDataStream());
                o = next(f);
            }
            if (o instanceof PGPEncryptedDataList) {
                throw new InvalidSignatureException("not a signed message: the OpenPGP message is encrypted");
            }
            if (o instanceof PGPLiteralData) {
                throw new InvalidSignatureException("not a signed message: literal data without a signature");
            }
            if (!(o instanceof PGPOnePassSignatureList opsList) || opsList.size() != 1) {
                throw new InvalidSignatureException("not a signed message: expected one one-pass signature packet, found "
                        + describe(o));
            }
            PGPOnePassSignature ops = opsList.get(0);
            Object lit = next(f);
            if (!(lit instanceof PGPLiteralData literal)) {
                throw new InvalidSignatureException("not a signed message: expected literal data, found " + describe(lit));
            }
            byte[] payload = readLimited(literal.getInputStream());
            Object sigs = next(f);
            if (!(sigs instanceof PGPSignatureList sigList) || sigList.size() != 1) {
                throw new InvalidSignatureException("not a signed message: expected one signature packet, found " + describe(sigs));
            }
            if (next(f) != null) {
                throw new InvalidSignatureException("not a signed message: unexpected data after the signature packet");
            }
            PGPSignature sig = sigList.get(0);
            if (sig.getKeyID() != ops.getKeyID()) {
                throw new InvalidSignatureException("malformed signed message: one-pass and signature packets name different keys");
            }
            PGPPublicKeyRing ring = null;
            PGPPublicKey key = null;
            for (PGPPublicKeyRing r : rings) {
                PGPPublicKey k = r.getPublicKey(sig.getKeyID());
                if (k != null) {
                    ring = r;
                    key = k;
                    break;
                }
            }
            if (key == null) {
                throw new InvalidSignatureException("signed by unknown key " + keyId(sig.getKeyID())
                        + " (not among the trusted keys " + fingerprints() + ")");
            }
            BcPGPContentVerifierBuilderProvider provider = new BcPGPContentVerifierBuilderProvider();
            ops.init(provider, key);
            ops.update(payload);
            if (!ops.verify(sig)) {
                throw new InvalidSignatureException("invalid signature by key " + fingerprint(key) + " (BADSIG)");
            }
            PGPPublicKey primary = ring.getPublicKey();
            checkKeyUsable(primary, key, sig, now);
            return new Verified(payload, fingerprint(primary));
        } catch (IOException | PGPException | RuntimeException e) {
            throw new InvalidSignatureException("not a valid OpenPGP signed message: " + e.getMessage(), e);
        }
    }

    private static void checkKeyUsable(PGPPublicKey primary, PGPPublicKey signer, PGPSignature sig, Instant now)
            throws PGPException, InvalidSignatureException {
        BcPGPContentVerifierBuilderProvider provider = new BcPGPContentVerifierBuilderProvider();
        if (hasValidSignature(primary, primary, null, PGPSignature.KEY_REVOCATION, provider)) {
            throw new InvalidSignatureException("signing key " + fingerprint(primary) + " has been revoked");
        }
        if (signer != primary) {
            if (!hasValidSignature(signer, primary, signer, PGPSignature.SUBKEY_BINDING, provider)) {
                throw new InvalidSignatureException("signing subkey " + fingerprint(signer)
                        + " is not bound to primary key " + fingerprint(primary));
            }
            if (hasValidSignature(signer, primary, signer, PGPSignature.SUBKEY_REVOCATION, provider)) {
                throw new InvalidSignatureException("signing subkey " + fingerprint(signer) + " of key "
                        + fingerprint(primary) + " has been revoked");
            }
        }
        for (PGPPublicKey k : signer == primary ? List.of(primary) : List.of(primary, signer)) {
            long valid = k.getValidSeconds();
            if (valid > 0 && k.getCreationTime().toInstant().plusSeconds(valid).isBefore(now)) {
                throw new InvalidSignatureException("key " + fingerprint(k) + " expired on "
                        + k.getCreationTime().toInstant().plusSeconds(valid));
            }
        }
        if (sig.getVersion() >= 4 && sig.getHashedSubPackets() != null
                && sig.getHashedSubPackets().hasSubpacket(SignatureSubpacketTags.EXPIRE_TIME)) {
            long lifetime = sig.getHashedSubPackets().getSignatureExpirationTime();
            Instant expiry = sig.getCreationTime().toInstant().plusSeconds(lifetime);
            if (lifetime > 0 && expiry.isBefore(now)) {
                throw new InvalidSignatureException("signature expired on " + expiry);
            }
        }
    }

    /** True when {@code on} carries a signature of {@code type} by {@code primary} that verifies. */
    private static boolean hasValidSignature(PGPPublicKey on, PGPPublicKey primary, PGPPublicKey subkey, int type,
            BcPGPContentVerifierBuilderProvider provider) throws PGPException {
        for (Iterator<PGPSignature> it = on.getSignaturesOfType(type); it.hasNext(); ) {
            PGPSignature s = it.next();
            if (s.getKeyID() != primary.getKeyID()) {
                continue;
            }
            s.init(provider, primary);
            boolean ok = subkey == null ? s.verifyCertification(primary) : s.verifyCertification(primary, subkey);
            if (ok) {
                return true;
            }
        }
        return false;
    }

    private static Object next(PGPObjectFactory f) throws IOException {
        Object o = f.nextObject();
        while (o instanceof PGPMarker) {
            o = f.nextObject();
        }
        return o;
    }

    private static String describe(Object o) {
        return o == null ? "end of message" : o.getClass().getSimpleName();
    }

    private static byte[] readLimited(InputStream in) throws IOException, InvalidSignatureException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
            if (out.size() > MAX_PAYLOAD) {
                throw new InvalidSignatureException("signed payload larger than " + MAX_PAYLOAD + " bytes");
            }
        }
        return out.toByteArray();
    }

    static String fingerprint(PGPPublicKey key) {
        return HexFormat.of().formatHex(key.getFingerprint()).toUpperCase(Locale.ROOT);
    }

    private static String keyId(long id) {
        return String.format(Locale.ROOT, "%016X", id);
    }
}
