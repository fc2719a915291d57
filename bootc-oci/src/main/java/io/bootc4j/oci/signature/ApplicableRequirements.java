package io.bootc4j.oci.signature;

import java.util.List;

/**
 * The requirement list of a policy that applies to one image, and where in policy.json it came
 * from.
 *
 * @param origin       {@code default}, or {@code transports.docker[""]},
 *                     {@code transports.docker["quay.io/acme"]}, …
 * @param requirements non-empty; every one must accept
 */
public record ApplicableRequirements(String origin, List<PolicyRequirement> requirements) {
    public ApplicableRequirements {
        requirements = List.copyOf(requirements);
    }
}
