package io.bootc4j.oci.signature;

import java.util.List;
import java.util.Objects;

/**
 * What one policy requirement concluded about an image.
 *
 * @param requirement the requirement, as policy.json states it
 * @param accepted    true when the requirement allows the image
 * @param reason      why, in words (for a rejection: the reason shown to the user)
 * @param signatures  the outcome for each signature the requirement examined (empty for
 *                    {@code insecureAcceptAnything} and {@code reject})
 */
public record RequirementOutcome(PolicyRequirement requirement, boolean accepted, String reason,
        List<SignatureOutcome> signatures) {
    public RequirementOutcome {
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(reason, "reason");
        signatures = List.copyOf(signatures);
    }
}
