package io.bootc4j.oci.signature;

import io.bootc4j.oci.Descriptor;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.ImageReference;
import io.bootc4j.oci.ImageSource;
import io.bootc4j.oci.Manifest;
import io.bootc4j.oci.ManifestBytes;
import io.bootc4j.oci.OciException;
import io.bootc4j.oci.SignatureBlob;
import io.bootc4j.oci.registry.RegistryImageSource;
import io.bootc4j.oci.signature.internal.CandidateSignature;
import io.bootc4j.oci.signature.internal.CosignBundle;
import io.bootc4j.oci.signature.internal.LookasideReader;
import io.bootc4j.oci.signature.internal.RequirementChecks;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link SignaturePolicy} to an image as containers/image's
 * {@code IsRunningImageAllowed} does: choose the requirement list for the image's scope, read the
 * manifest (of the chosen instance when the image is an index) and its signatures — those stored
 * with the image ({@link ImageSource#signatures}) plus, for {@code docker://} images, the
 * lookaside storage configured in {@link RegistriesD} — and check every requirement. Nothing but
 * the manifest and signatures is read: call this before fetching any config or layer.
 *
 * <p>Immutable and thread-safe; the {@link ImageSource} passed in is used from the calling
 * thread only and not closed.
 */
public final class PolicyEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyEvaluator.class);
    private static final int MAX_BUNDLE = 4 * 1024 * 1024;
    private static final java.util.Set<String> LOCAL_TRANSPORTS = java.util.Set.of("dir", "oci", "oci-archive");

    private final SignaturePolicy policy;
    private final RegistriesD registriesD;
    private final Clock clock;
    private final HttpClient http;
    private final Duration timeout;

    private PolicyEvaluator(Builder b) {
        this.policy = b.policy;
        this.registriesD = b.registriesD;
        this.clock = b.clock;
        this.http = b.http != null ? b.http : HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        this.timeout = b.timeout;
    }

    public static Builder builder(SignaturePolicy policy) {
        return new Builder(policy);
    }

    /** Evaluates the top-level manifest of {@code source}. */
    public PolicyVerdict evaluate(ImageSource source) throws IOException {
        return evaluate(source, Optional.empty());
    }

    /**
     * Evaluates {@code source}; {@code instance} is the manifest chosen from an index (its
     * signatures are looked up by that digest), or empty for the top-level manifest.
     *
     * @throws IOException when the manifest or signatures cannot be read (not a rejection:
     *                     nothing could be decided)
     */
    public PolicyVerdict evaluate(ImageSource source, Optional<Digest> instance) throws IOException {
        ImageScope scope = scopeOf(source);
        ApplicableRequirements applicable = policy.requirementsFor(scope);
        boolean needsImage = applicable.requirements().stream().anyMatch(
                r -> r instanceof PolicyRequirement.SignedBy || r instanceof PolicyRequirement.SigstoreSigned);
        Optional<Digest> manifestDigest = Optional.empty();
        RequirementChecks.Image image = null;
        if (needsImage) {
            ManifestBytes manifest = source.manifest(instance);
            manifestDigest = Optional.of(manifest.digest());
            List<CandidateSignature> sigs = new ArrayList<>();
            int n = 1;
            // The image identity is what containers/image's DockerReference() returns: nothing for
            // dir:, oci: and oci-archive: (even if a layout's ref.name looks like a reference).
            Optional<ImageReference> ref = LOCAL_TRANSPORTS.contains(scope.transport())
                    ? Optional.empty() : source.dockerReference();
            boolean docker = scope.transport().equals("docker") && ref.isPresent();
            // containers/image reads sigstore attachments from a registry only when registries.d
            // says use-sigstore-attachments: true; the same configuration works the same here.
            boolean attachments = !docker || registriesD.useSigstoreAttachments(ref.get());
            for (SignatureBlob b : source.signatures(instance)) {
                if (b.kind() == SignatureBlob.Kind.SIGSTORE && !attachments) {
                    continue;
                }
                sigs.add(new CandidateSignature("image signature " + n++, b));
            }
            if (docker && attachments && source instanceof RegistryImageSource registry
                    && applicable.requirements().stream().anyMatch(r -> r instanceof PolicyRequirement.SigstoreSigned)) {
                Digest subject = instance.orElse(manifest.digest());
                for (Descriptor d : registry.referrers(subject, Optional.of(CosignBundle.MEDIA_TYPE))) {
                    sigs.add(new CandidateSignature("cosign bundle " + d.digest(), bundleOf(registry, d)));
                }
            }
            if (docker) {
                Optional<URI> base = registriesD.lookasideFor(ref.get());
                if (base.isPresent()) {
                    Digest lookup = instance.or(() -> ref.get().digest()).orElse(manifest.digest());
                    sigs.addAll(new LookasideReader(http, timeout).read(base.get(), ref.get(), lookup));
                }
            }
            LOG.debug("{}: {} signature(s) for {}", source.describe(), sigs.size(), manifest.digest());
            image = new RequirementChecks.Image(manifest, ref, sigs, clock.instant());
        }
        List<RequirementOutcome> outcomes = new ArrayList<>();
        for (PolicyRequirement r : applicable.requirements()) {
            outcomes.add(RequirementChecks.check(r, image));
        }
        return new PolicyVerdict(source.describe(), manifestDigest, policy.source(), applicable.origin(), outcomes);
    }

    /** The bundle JSON of a cosign v3 referrer: the single layer of its manifest (at most 4 MiB). */
    private static SignatureBlob bundleOf(RegistryImageSource registry, Descriptor referrer) throws IOException {
        Manifest m = Manifest.parse(registry.manifest(Optional.of(referrer.digest())));
        if (m.layers().size() != 1 || m.layers().get(0).size() > MAX_BUNDLE) {
            throw new OciException(registry.describe() + " referrer " + referrer.digest()
                    + ": a cosign bundle manifest must have exactly one layer of at most " + MAX_BUNDLE + " bytes");
        }
        try (InputStream in = registry.openBlob(m.layers().get(0))) {
            return SignatureBlob.sigstore(CosignBundle.MEDIA_TYPE, in.readAllBytes(), Map.of());
        }
    }

    /** Like {@link #evaluate(ImageSource, Optional)} but throws when the image is rejected. */
    public PolicyVerdict enforce(ImageSource source, Optional<Digest> instance) throws IOException {
        PolicyVerdict v = evaluate(source, instance);
        if (!v.accepted()) {
            throw new SignatureRejectedException(v);
        }
        return v;
    }

    private static ImageScope scopeOf(ImageSource source) {
        String describe = source.describe();
        if (describe.startsWith("docker://") && source.dockerReference().isPresent()) {
            return ImageScope.docker(source.dockerReference().get());
        }
        try {
            return ImageScope.of(describe);
        } catch (IllegalArgumentException e) {
            int colon = describe.indexOf(':');
            return colon > 0 ? new ImageScope(describe.substring(0, colon), describe.substring(colon + 1), List.of())
                    : new ImageScope("", describe, List.of());
        }
    }

    /** Configuration; only the policy is required. */
    public static final class Builder {
        private final SignaturePolicy policy;
        private RegistriesD registriesD = RegistriesD.none();
        private Clock clock = Clock.systemUTC();
        private HttpClient http;
        private Duration timeout = Duration.ofSeconds(30);

        private Builder(SignaturePolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
        }

        /** Lookaside configuration for docker:// images; {@link RegistriesD#none()} by default. */
        public Builder registriesD(RegistriesD r) {
            this.registriesD = Objects.requireNonNull(r, "registriesD");
            return this;
        }

        /** The time signatures, keys and certificates are checked at (PKI); the system clock by default. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** The HTTP client for http(s) lookaside storage. */
        public Builder httpClient(HttpClient client) {
            this.http = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Per-request timeout for lookaside reads; 30 s by default. */
        public Builder timeout(Duration t) {
            this.timeout = Objects.requireNonNull(t, "timeout");
            return this;
        }

        public PolicyEvaluator build() {
            return new PolicyEvaluator(this);
        }
    }
}
