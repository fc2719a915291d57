/**
 * Image trust policy and signature verification, compatible with containers/image: a
 * containers-policy.json(5) {@link io.bootc4j.oci.signature.SignaturePolicy} (strictly parsed),
 * containers-registries.d(5) lookaside configuration ({@link io.bootc4j.oci.signature.RegistriesD}),
 * and a {@link io.bootc4j.oci.signature.PolicyEvaluator} that checks GPG "simple signing"
 * signatures and sigstore/cosign signatures (keyed, Fulcio + Rekor, PKI; plus cosign v3 bundles
 * found through OCI referrers) against an image's manifest before any config or layer is read.
 * The result is a {@link io.bootc4j.oci.signature.PolicyVerdict}; callers that must stop throw
 * {@link io.bootc4j.oci.signature.SignatureRejectedException}.
 *
 * <pre>{@code
 * SignaturePolicy policy = SignaturePolicy.discover();
 * PolicyEvaluator evaluator = PolicyEvaluator.builder(policy).registriesD(RegistriesD.discover()).build();
 * try (ImageSource src = ImageSources.open("docker://quay.io/acme/os:42")) {
 *     evaluator.enforce(src, Optional.empty());   // throws SignatureRejectedException
 *     ...copy config and layers...
 * }
 * }</pre>
 */
package io.bootc4j.oci.signature;
