package io.bootc4j.oci.signature;

import java.util.Optional;

/**
 * One requirement of a policy.json requirement list (containers-policy.json(5)). An image is
 * accepted when every requirement of the list that applies to it accepts.
 */
public sealed interface PolicyRequirement permits PolicyRequirement.InsecureAcceptAnything,
        PolicyRequirement.Reject, PolicyRequirement.SignedBy, PolicyRequirement.SigstoreSigned,
        PolicyRequirement.SignedBaseLayer {

    /** The {@code type} value in policy.json. */
    String type();

    /** {@code {"type":"insecureAcceptAnything"}}: accepts any image, signed or not. */
    record InsecureAcceptAnything() implements PolicyRequirement {
        @Override public String type() { return "insecureAcceptAnything"; }
        @Override public String toString() { return type(); }
    }

    /** {@code {"type":"reject"}}: rejects every image. */
    record Reject() implements PolicyRequirement {
        @Override public String type() { return "reject"; }
        @Override public String toString() { return type(); }
    }

    /**
     * {@code signedBy}: a simple-signing (OpenPGP) signature by one of {@code keys}. Only
     * {@code keyType} {@code GPGKeys} can accept; the other values parse but reject at evaluation,
     * as in containers/image.
     */
    record SignedBy(String keyType, KeySource keys, SignedIdentity signedIdentity) implements PolicyRequirement {
        @Override public String type() { return "signedBy"; }
        @Override public String toString() {
            return "signedBy(keyType " + keyType + ", " + keys + ", " + signedIdentity.type() + ")";
        }
    }

    /**
     * {@code sigstoreSigned}: a cosign signature verified with public keys, or with a Fulcio
     * certificate, or with a PKI certificate; optionally tied to a Rekor log entry.
     */
    record SigstoreSigned(Optional<KeySource> keys, Optional<Fulcio> fulcio, Optional<Pki> pki,
            Optional<KeySource> rekorPublicKeys, SignedIdentity signedIdentity) implements PolicyRequirement {
        public SigstoreSigned {
            int sources = (keys.isPresent() ? 1 : 0) + (fulcio.isPresent() ? 1 : 0) + (pki.isPresent() ? 1 : 0);
            if (sources != 1) {
                throw new IllegalArgumentException("sigstoreSigned needs exactly one of keys, fulcio, pki");
            }
        }

        @Override public String type() { return "sigstoreSigned"; }

        @Override public String toString() {
            String trust = keys.map(String::valueOf)
                    .or(() -> fulcio.map(f -> "fulcio " + f.ca() + " issuer " + f.oidcIssuer() + " email " + f.subjectEmail()))
                    .orElseGet(() -> "pki " + pki.orElseThrow().caRoots());
            return "sigstoreSigned(" + trust + rekorPublicKeys.map(r -> ", rekor " + r).orElse("")
                    + ", " + signedIdentity.type() + ")";
        }
    }

    /** The {@code fulcio} object of {@code sigstoreSigned}. */
    record Fulcio(KeySource ca, String oidcIssuer, String subjectEmail) {}

    /** The {@code pki} object of {@code sigstoreSigned}. */
    record Pki(KeySource caRoots, Optional<KeySource> caIntermediates, Optional<String> subjectEmail,
            Optional<String> subjectHostname) {}

    /** {@code signedBaseLayer}: parsed, but always rejects, as in containers/image ("not implemented"). */
    record SignedBaseLayer(SignedIdentity baseLayerIdentity) implements PolicyRequirement {
        @Override public String type() { return "signedBaseLayer"; }
        @Override public String toString() { return type(); }
    }
}
