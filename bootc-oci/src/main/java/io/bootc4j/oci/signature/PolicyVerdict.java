package io.bootc4j.oci.signature;

import io.bootc4j.oci.Digest;
import io.bootc4j.oci.signature.internal.VerdictJson;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of evaluating a policy for one image: accepted only when every applicable
 * requirement accepted (containers/image's {@code IsRunningImageAllowed}). A value, not an
 * exception: callers that must stop on rejection throw {@link SignatureRejectedException}.
 *
 * @param image          the image as its source describes it ({@code docker://…}, {@code dir:…})
 * @param manifestDigest the digest of the manifest the signatures were checked against (empty
 *                       when no requirement needed the manifest)
 * @param policySource   the policy file
 * @param scope          where in the policy the requirements came from ({@code default},
 *                       {@code transports.docker["quay.io"]}, …)
 * @param requirements   each requirement's outcome, in policy order
 */
public record PolicyVerdict(String image, Optional<Digest> manifestDigest, String policySource, String scope,
        List<RequirementOutcome> requirements) {

    public PolicyVerdict {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        Objects.requireNonNull(policySource, "policySource");
        Objects.requireNonNull(scope, "scope");
        requirements = List.copyOf(requirements);
        if (requirements.isEmpty()) {
            throw new IllegalArgumentException("a verdict needs at least one requirement outcome");
        }
    }

    /** True when every requirement accepted the image. */
    public boolean accepted() {
        return requirements.stream().allMatch(RequirementOutcome::accepted);
    }

    /** The first requirement that rejected the image. */
    public Optional<RequirementOutcome> firstRejection() {
        return requirements.stream().filter(r -> !r.accepted()).findFirst();
    }

    /** One line: {@code accepted} or the failing requirement and why. */
    public String summary() {
        return firstRejection()
                .map(r -> image + " rejected by " + policySource + " " + scope + ": requirement " + r.requirement()
                        + ": " + r.reason())
                .orElse(image + " accepted by " + policySource + " " + scope);
    }

    /**
     * The verdict as a JSON object: {@code image}, {@code manifestDigest}, {@code policy},
     * {@code scope}, {@code accepted}, and {@code requirements} (each with {@code type},
     * {@code requirement}, {@code accepted}, {@code reason} and its {@code signatures}).
     */
    public String toJson() {
        return VerdictJson.write(this);
    }
}
