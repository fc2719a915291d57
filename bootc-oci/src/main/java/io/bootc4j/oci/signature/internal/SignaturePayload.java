package io.bootc4j.oci.signature.internal;

import io.bootc4j.oci.Digest;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON payload shared by simple signing ({@code critical.type} "atomic container signature")
 * and cosign ("cosign container image signature"), parsed as strictly as containers/image
 * ({@code signature/simple.go}, {@code internal/sigstore_payload.go}): exactly {@code critical}
 * and {@code optional} at the top, exactly {@code type}, {@code image}, {@code identity} in
 * {@code critical}, duplicate keys and trailing data rejected. Only ever parsed after the
 * cryptographic signature over these bytes has been verified.
 */
public record SignaturePayload(Digest manifestDigest, String dockerReference, Optional<String> creator,
        Optional<Long> timestamp) {

    public static final String SIMPLE_SIGNING_TYPE = "atomic container signature";
    public static final String COSIGN_TYPE = "cosign container image signature";

    /** Parses {@code payload}, which must have {@code critical.type == expectedType}. */
    public static SignaturePayload parse(byte[] payload, String expectedType) throws InvalidSignatureException {
        try {
            StrictJson.Obj root = StrictJson.root(StrictJson.parse(payload));
            exactly(root, "critical", "optional");
            StrictJson.Obj critical = root.object("critical");
            exactly(critical, "type", "image", "identity");
            String type = critical.string("type");
            if (!type.equals(expectedType)) {
                throw new InvalidSignatureException("unrecognized signature type \"" + type + "\" (expected \"" + expectedType + "\")");
            }
            StrictJson.Obj image = critical.object("image");
            exactly(image, "docker-manifest-digest");
            String digestText = image.string("docker-manifest-digest");
            Digest digest = Digest.tryParse(digestText).orElseThrow(() -> new InvalidSignatureException(
                    "critical.image.docker-manifest-digest: invalid digest \"" + digestText + "\""));
            StrictJson.Obj identity = critical.object("identity");
            exactly(identity, "docker-reference");
            String ref = identity.string("docker-reference");
            Optional<String> creator = Optional.empty();
            Optional<Long> timestamp = Optional.empty();
            if (!root.raw("optional").isNull()) {
                StrictJson.Obj optional = root.object("optional");
                creator = optional.optString("creator");
                timestamp = optional.has("timestamp") ? Optional.of(optional.integer("timestamp")) : Optional.empty();
            }
            return new SignaturePayload(digest, ref, creator, timestamp);
        } catch (JsonShapeException e) {
            throw new InvalidSignatureException("invalid signature payload: " + e.getMessage());
        }
    }

    private static void exactly(StrictJson.Obj o, String... keys) {
        o.allowOnly(Set.of(keys));
        for (String k : keys) {
            o.raw(k);
        }
    }
}
