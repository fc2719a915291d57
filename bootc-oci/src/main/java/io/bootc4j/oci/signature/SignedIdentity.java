package io.bootc4j.oci.signature;

/**
 * A {@code signedIdentity} matcher of policy.json: how the Docker reference a signature claims
 * relates to the image being checked (containers-policy.json(5), "signedIdentity"). The rules are
 * those of containers/image's {@code policy_reference_match.go}; the matching itself is applied by
 * the evaluator.
 */
public sealed interface SignedIdentity {

    /** The {@code type} value in policy.json. */
    String type();

    /** Both must carry a tag or digest and be equal. Digest-pulled images never match tag signatures. */
    record MatchExact() implements SignedIdentity {
        @Override public String type() { return "matchExact"; }
    }

    /** The default: exact for a tagged image; same repository for an image pulled by digest. */
    record MatchRepoDigestOrExact() implements SignedIdentity {
        @Override public String type() { return "matchRepoDigestOrExact"; }
    }

    /** Same repository; tags are ignored. */
    record MatchRepository() implements SignedIdentity {
        @Override public String type() { return "matchRepository"; }
    }

    /** The signature must claim exactly {@code dockerReference} (which has a tag or digest). */
    record ExactReference(String dockerReference) implements SignedIdentity {
        @Override public String type() { return "exactReference"; }
    }

    /** The signature must claim the repository {@code dockerRepository} (any tag). */
    record ExactRepository(String dockerRepository) implements SignedIdentity {
        @Override public String type() { return "exactRepository"; }
    }

    /**
     * The image's repository with {@code prefix} replaced by {@code signedPrefix}, then matched as
     * {@link MatchRepoDigestOrExact}.
     */
    record RemapIdentity(String prefix, String signedPrefix) implements SignedIdentity {
        @Override public String type() { return "remapIdentity"; }
    }
}
