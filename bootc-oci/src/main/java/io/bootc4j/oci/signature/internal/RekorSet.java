package io.bootc4j.oci.signature.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootc4j.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Offline verification of a Rekor SignedEntryTimestamp (the {@code dev.sigstore.cosign/bundle}
 * annotation), as containers/image's {@code rekor_set.go}: the SET signs the JCS form of its
 * {@code Payload}; the Payload's {@code body} must be a {@code hashedrekord} 0.0.1 entry for
 * exactly this public key (or certificate), this signature and this payload. No inclusion proof.
 */
public final class RekorSet {

    private RekorSet() {}

    /**
     * Verifies {@code setJson} and returns the log's integrated time.
     *
     * @param rekorKeys   trusted Rekor public keys (ECDSA)
     * @param signerDer   DER of the public key or certificate that made the signature
     * @param signature   the decoded cosign signature bytes
     * @param payload     the signed payload bytes
     */
    public static Instant verify(List<PublicKey> rekorKeys, byte[] setJson, byte[] signerDer, byte[] signature,
            byte[] payload) throws InvalidSignatureException {
        try {
            StrictJson.Obj set = StrictJson.root(StrictJson.parse(setJson));
            set.allowOnly(Set.of("SignedEntryTimestamp", "Payload"));
            byte[] setSignature = set.base64("SignedEntryTimestamp");
            StrictJson.Obj p = set.object("Payload");
            p.allowOnly(Set.of("body", "integratedTime", "logIndex", "logID"));
            byte[] canonical = CanonicalJson.canonicalize(set.raw("Payload"));
            boolean ok = false;
            for (PublicKey k : rekorKeys) {
                if (verifies("SHA256withECDSA", k, canonical, setSignature)) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                throw new InvalidSignatureException("Rekor SET signature does not verify with the trusted Rekor keys");
            }
            long integrated = p.integer("integratedTime");
            p.integer("logIndex");
            p.string("logID");
            byte[] bodyBytes = Base64.getDecoder().decode(p.string("body"));
            JsonNode body = StrictJson.parse(bodyBytes);
            if (!"hashedrekord".equals(body.path("kind").asText()) || !"0.0.1".equals(body.path("apiVersion").asText())) {
                throw new InvalidSignatureException("Rekor entry is not a hashedrekord 0.0.1 entry");
            }
            JsonNode spec = body.path("spec");
            byte[] pem = Base64.getDecoder().decode(spec.path("signature").path("publicKey").path("content").asText());
            List<byte[]> ders = Pem.blocks(pem, "PUBLIC KEY");
            if (ders.isEmpty()) {
                ders = Pem.blocks(pem, "CERTIFICATE");
            }
            if (ders.size() != 1 || !Arrays.equals(ders.get(0), signerDer)) {
                throw new InvalidSignatureException("Rekor entry is for a different public key or certificate");
            }
            byte[] logged = Base64.getDecoder().decode(spec.path("signature").path("content").asText());
            if (!MessageDigest.isEqual(logged, signature)) {
                throw new InvalidSignatureException("Rekor entry is for a different signature");
            }
            JsonNode hash = spec.path("data").path("hash");
            if (!"sha256".equals(hash.path("algorithm").asText())) {
                throw new InvalidSignatureException("Rekor entry uses unsupported hash \"" + hash.path("algorithm").asText() + "\"");
            }
            if (!Digest.sha256(payload).hex().equals(hash.path("value").asText())) {
                throw new InvalidSignatureException("Rekor entry is for a different payload (hash mismatch)");
            }
            return Instant.ofEpochSecond(integrated);
        } catch (JsonShapeException | IllegalArgumentException e) {
            throw new InvalidSignatureException("invalid Rekor SET: " + e.getMessage());
        }
    }

    /** Verifies {@code sig} over {@code data} with {@code key}; false on any mismatch or malformed signature. */
    static boolean verifies(String algorithm, PublicKey key, byte[] data, byte[] sig) {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initVerify(key);
            s.update(data);
            return s.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
