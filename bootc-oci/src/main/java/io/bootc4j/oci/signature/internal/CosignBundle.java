package io.bootc4j.oci.signature.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.signature.PolicyRequirement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * cosign v3 signatures: a Sigstore bundle ({@code application/vnd.dev.sigstore.bundle.v0.3+json})
 * attached to the image as an OCI 1.1 referrer, holding a DSSE envelope around an in-toto
 * Statement v1 whose subject is the manifest digest and whose predicate type is
 * {@code https://sigstore.dev/cosign/sign/v1} (cosign's {@code signDigestBundle}).
 * containers/image cannot read these; this is bootc4j's extension of {@code sigstoreSigned}.
 *
 * <p>Only keyed verification ({@code keyPath}/{@code keyData}…) without Rekor is supported; a
 * requirement with Rekor, Fulcio or PKI rejects bundles with a reason saying so. The bundle
 * carries no docker reference, so {@code signedIdentity} is applied to the in-toto subject
 * {@code name} (the repository cosign signed). Attestations (other predicate types) never count
 * as signatures.
 */
public final class CosignBundle {

    public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
    static final String IN_TOTO = "application/vnd.in-toto+json";
    static final String STATEMENT_V1 = "https://in-toto.io/Statement/v1";
    static final String COSIGN_SIGN = "https://sigstore.dev/cosign/sign/v1";

    private CosignBundle() {}

    /** The signed claim: the subject name (as a docker reference) and its digest. */
    public record Claim(String name, Digest digest, String signer) {}

    /**
     * Verifies the bundle's DSSE signature with the requirement's keys and returns the subject
     * matching {@code manifest}.
     */
    public static Claim verify(PolicyRequirement.SigstoreSigned req, byte[] bundleJson, Digest manifest)
            throws InvalidSignatureException {
        if (req.keys().isEmpty() || req.rekorPublicKeys().isPresent()) {
            throw new InvalidSignatureException("cosign bundles are verified only with public keys and no Rekor key");
        }
        JsonNode bundle;
        try {
            bundle = StrictJson.parse(bundleJson);
        } catch (JsonShapeException e) {
            throw new InvalidSignatureException("invalid cosign bundle: " + e.getMessage());
        }
        if (!MEDIA_TYPE.equals(bundle.path("mediaType").asText())) {
            throw new InvalidSignatureException("unsupported bundle media type \"" + bundle.path("mediaType").asText() + "\"");
        }
        JsonNode env = bundle.path("dsseEnvelope");
        if (!env.isObject()) {
            throw new InvalidSignatureException("bundle has no dsseEnvelope (message signatures do not sign images)");
        }
        if (!IN_TOTO.equals(env.path("payloadType").asText())) {
            throw new InvalidSignatureException("DSSE payload type \"" + env.path("payloadType").asText() + "\" is not " + IN_TOTO);
        }
        byte[] payload = b64(env.path("payload").asText(), "dsseEnvelope.payload");
        byte[] pae = pae(IN_TOTO, payload);
        List<PublicKey> keys = new ArrayList<>();
        try {
            for (byte[] pem : req.keys().get().read()) {
                keys.addAll(Pem.publicKeys(pem, req.keys().get().toString()));
            }
        } catch (IOException e) {
            throw new InvalidSignatureException("cannot read " + req.keys().get() + ": " + e, e);
        }
        boolean verified = false;
        for (JsonNode s : env.path("signatures")) {
            byte[] sig = b64(s.path("sig").asText(), "dsseEnvelope.signatures[].sig");
            for (PublicKey k : keys) {
                if (RekorSet.verifies(k.getAlgorithm().equals("EC") ? "SHA256withECDSA"
                        : k.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "Ed25519", k, pae, sig)) {
                    verified = true;
                }
            }
        }
        if (!verified) {
            throw new InvalidSignatureException("DSSE signature verification failed with key from " + req.keys().get());
        }
        JsonNode statement;
        try {
            statement = StrictJson.parse(payload);
        } catch (JsonShapeException e) {
            throw new InvalidSignatureException("invalid in-toto statement: " + e.getMessage());
        }
        if (!STATEMENT_V1.equals(statement.path("_type").asText())) {
            throw new InvalidSignatureException("in-toto statement type \"" + statement.path("_type").asText() + "\" is not " + STATEMENT_V1);
        }
        if (!COSIGN_SIGN.equals(statement.path("predicateType").asText())) {
            throw new InvalidSignatureException("predicate type \"" + statement.path("predicateType").asText()
                    + "\" is an attestation, not a cosign signature (" + COSIGN_SIGN + ")");
        }
        for (JsonNode subject : statement.path("subject")) {
            String hex = subject.path("digest").path(manifest.algorithm()).asText();
            if (hex.equals(manifest.hex())) {
                return new Claim(subject.path("name").asText(), manifest, "key from " + req.keys().get());
            }
        }
        throw new InvalidSignatureException("in-toto statement has no subject with digest " + manifest);
    }

    /** DSSE pre-authentication encoding: {@code DSSEv1 LEN(type) type LEN(body) body}. */
    static byte[] pae(String type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] t = type.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(("DSSEv1 " + t.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(t);
        out.writeBytes((" " + body.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] b64(String s, String what) throws InvalidSignatureException {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException(what + " is not base64: " + e.getMessage());
        }
    }
}
