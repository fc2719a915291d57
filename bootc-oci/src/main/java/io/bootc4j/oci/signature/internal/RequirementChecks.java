package io.bootc4j.oci.signature.internal;

import io.bootc4j.oci.Digest;
import io.bootc4j.oci.ImageReference;
import io.bootc4j.oci.ManifestBytes;
import io.bootc4j.oci.MediaType;
import io.bootc4j.oci.SignatureBlob;
import io.bootc4j.oci.signature.PolicyRequirement;
import io.bootc4j.oci.signature.RequirementOutcome;
import io.bootc4j.oci.signature.SignatureOutcome;
import io.bootc4j.oci.signature.SignedIdentity;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates one policy requirement against an image's manifest and signatures, in
 * containers/image's order for each signature: cryptography, key trust, strict payload parse,
 * manifest digest, then identity. A requirement that needs signatures accepts as soon as one
 * signature passes; every signature's outcome is still reported.
 */
public final class RequirementChecks {

    static final String NO_SIGNATURE = "A signature was required, but no signature exists";

    /** What is known about the image under evaluation. */
    public record Image(ManifestBytes manifest, Optional<ImageReference> dockerReference,
            List<CandidateSignature> signatures, Instant now) {}

    private RequirementChecks() {}

    public static RequirementOutcome check(PolicyRequirement req, Image image) {
        if (req instanceof PolicyRequirement.InsecureAcceptAnything) {
            return new RequirementOutcome(req, true, "insecureAcceptAnything accepts any image", List.of());
        }
        if (req instanceof PolicyRequirement.Reject) {
            return new RequirementOutcome(req, false, "the policy rejects this image (type reject)", List.of());
        }
        if (req instanceof PolicyRequirement.SignedBaseLayer) {
            return new RequirementOutcome(req, false, "signedBaseLayer is not implemented", List.of());
        }
        if (req instanceof PolicyRequirement.SignedBy s) {
            return signedBy(s, image);
        }
        return sigstoreSigned((PolicyRequirement.SigstoreSigned) req, image);
    }

    private static RequirementOutcome signedBy(PolicyRequirement.SignedBy req, Image image) {
        if (!req.keyType().equals("GPGKeys")) {
            return new RequirementOutcome(req, false, "keyType " + req.keyType() + " is not implemented (only GPGKeys)", List.of());
        }
        OpenPgpVerifier verifier;
        try {
            List<byte[]> blobs;
            try {
                blobs = req.keys().read();
            } catch (IOException e) {
                return new RequirementOutcome(req, false, "cannot read " + req.keys() + ": " + e, List.of());
            }
            verifier = OpenPgpVerifier.fromKeyrings(blobs, req.keys().toString());
        } catch (InvalidSignatureException e) {
            return new RequirementOutcome(req, false, e.getMessage(), List.of());
        }
        if (verifier.fingerprints().isEmpty()) {
            return new RequirementOutcome(req, false, "no public keys found in " + req.keys(), List.of());
        }
        List<SignatureOutcome> outcomes = new ArrayList<>();
        for (CandidateSignature c : image.signatures()) {
            if (c.blob().kind() != SignatureBlob.Kind.SIMPLE_SIGNING) {
                continue;
            }
            Optional<String> signer = Optional.empty();
            Optional<String> identity = Optional.empty();
            try {
                OpenPgpVerifier.Verified v = verifier.verify(c.blob().bytes(), image.now());
                signer = Optional.of(v.primaryFingerprint());
                SignaturePayload p = SignaturePayload.parse(v.payload(), SignaturePayload.SIMPLE_SIGNING_TYPE);
                identity = Optional.of(p.dockerReference());
                checkDigestAndIdentity(p, req.signedIdentity(), image);
                outcomes.add(new SignatureOutcome(c.origin(), "simple-signing", true,
                        "signed by " + v.primaryFingerprint() + " for " + p.dockerReference(), signer, identity));
            } catch (InvalidSignatureException e) {
                outcomes.add(new SignatureOutcome(c.origin(), "simple-signing", false, e.getMessage(), signer, identity));
            }
        }
        return conclude(req, outcomes, "");
    }

    private static RequirementOutcome sigstoreSigned(PolicyRequirement.SigstoreSigned req, Image image) {
        List<SignatureOutcome> outcomes = new ArrayList<>();
        int otherAttachments = 0;
        for (CandidateSignature c : image.signatures()) {
            if (c.blob().kind() != SignatureBlob.Kind.SIGSTORE) {
                continue;
            }
            if (CosignBundle.MEDIA_TYPE.equals(c.blob().mediaType())) {
                outcomes.add(bundle(req, c, image));
                continue;
            }
            if (!MediaType.COSIGN_SIMPLE_SIGNING.equals(c.blob().mediaType())) {
                otherAttachments++;
                continue;
            }
            Optional<String> signer = Optional.empty();
            Optional<String> identity = Optional.empty();
            try {
                SigstoreVerifier.Verified v = SigstoreVerifier.verify(req, c.blob(), image.now());
                signer = Optional.of(v.signer());
                SignaturePayload p = SignaturePayload.parse(v.payload(), SignaturePayload.COSIGN_TYPE);
                identity = Optional.of(p.dockerReference());
                checkDigestAndIdentity(p, req.signedIdentity(), image);
                outcomes.add(new SignatureOutcome(c.origin(), "sigstore", true,
                        "signed by " + v.signer() + " for " + p.dockerReference(), signer, identity));
            } catch (InvalidSignatureException e) {
                outcomes.add(new SignatureOutcome(c.origin(), "sigstore", false, e.getMessage(), signer, identity));
            }
        }
        String note = otherAttachments == 0 ? ""
                : " (" + otherAttachments + " sigstore non-signature attachment" + (otherAttachments == 1 ? "" : "s") + " ignored)";
        return conclude(req, outcomes, note);
    }

    private static SignatureOutcome bundle(PolicyRequirement.SigstoreSigned req, CandidateSignature c, Image image) {
        Optional<String> signer = Optional.empty();
        Optional<String> identity = Optional.empty();
        try {
            CosignBundle.Claim claim = CosignBundle.verify(req, c.blob().bytes(), image.manifest().digest());
            signer = Optional.of(claim.signer());
            identity = Optional.of(claim.name());
            if (!IdentityMatching.matches(req.signedIdentity(), image.dockerReference(), claim.name())) {
                throw new InvalidSignatureException("cosign bundle for subject \"" + claim.name()
                        + "\" is not accepted by signedIdentity " + describe(req.signedIdentity()));
            }
            return new SignatureOutcome(c.origin(), "sigstore-bundle", true,
                    "signed by " + claim.signer() + " for " + claim.name() + " (cosign bundle)", signer, identity);
        } catch (InvalidSignatureException e) {
            return new SignatureOutcome(c.origin(), "sigstore-bundle", false, e.getMessage(), signer, identity);
        }
    }

    private static RequirementOutcome conclude(PolicyRequirement req, List<SignatureOutcome> outcomes, String note) {
        if (outcomes.isEmpty()) {
            return new RequirementOutcome(req, false, NO_SIGNATURE + note, outcomes);
        }
        Optional<SignatureOutcome> good = outcomes.stream().filter(SignatureOutcome::accepted).findFirst();
        if (good.isPresent()) {
            return new RequirementOutcome(req, true, good.get().reason(), outcomes);
        }
        StringBuilder why = new StringBuilder(outcomes.size() == 1 ? "the signature was rejected: " : "no signature was accepted: ");
        for (int i = 0; i < outcomes.size(); i++) {
            SignatureOutcome o = outcomes.get(i);
            why.append(i == 0 ? "" : "; ").append(outcomes.size() == 1 ? "" : "[" + o.origin() + "] ").append(o.reason());
        }
        return new RequirementOutcome(req, false, why + note, outcomes);
    }

    private static void checkDigestAndIdentity(SignaturePayload p, SignedIdentity identity, Image image)
            throws InvalidSignatureException {
        Digest signed = p.manifestDigest();
        Digest actual;
        try {
            actual = Digest.compute(signed.algorithm(), image.manifest().bytes());
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException("cannot compute the manifest digest with " + signed.algorithm() + ": " + e.getMessage());
        }
        if (!actual.equals(signed)) {
            throw new InvalidSignatureException("signature is for manifest " + signed + ", but the image's manifest is " + actual);
        }
        if (!IdentityMatching.matches(identity, image.dockerReference(), p.dockerReference())) {
            throw new InvalidSignatureException("signature for identity \"" + p.dockerReference()
                    + "\" is not accepted by signedIdentity " + describe(identity)
                    + image.dockerReference().map(r -> " for image " + r).orElse(" (the image has no docker reference)"));
        }
    }

    private static String describe(SignedIdentity id) {
        if (id instanceof SignedIdentity.ExactReference e) {
            return "exactReference " + e.dockerReference();
        }
        if (id instanceof SignedIdentity.ExactRepository e) {
            return "exactRepository " + e.dockerRepository();
        }
        if (id instanceof SignedIdentity.RemapIdentity r) {
            return "remapIdentity " + r.prefix() + " → " + r.signedPrefix();
        }
        return id.type();
    }
}
