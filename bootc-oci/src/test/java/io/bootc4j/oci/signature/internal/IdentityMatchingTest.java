package io.bootc4j.oci.signature.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.oci.ImageReference;
import io.bootc4j.oci.signature.SignedIdentity;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IdentityMatchingTest {

    private static final String D = "sha256:" + "0123456789abcdef".repeat(4);
    private static final String D2 = "sha256:" + "fedcba9876543210".repeat(4);

    private static final SignedIdentity EXACT = new SignedIdentity.MatchExact();
    private static final SignedIdentity REPO_DIGEST_OR_EXACT = new SignedIdentity.MatchRepoDigestOrExact();
    private static final SignedIdentity REPOSITORY = new SignedIdentity.MatchRepository();

    static Stream<Arguments> table() {
        return Stream.of(
                // matcher, image (null = transport without a docker reference), signed reference, expected
                Arguments.of(EXACT, "quay.io/a/b:1", "quay.io/a/b:1", true),
                Arguments.of(EXACT, "busybox:latest", "docker.io/library/busybox:latest", true),
                Arguments.of(EXACT, "quay.io/a/b:1", "quay.io/a/b:2", false),
                Arguments.of(EXACT, "quay.io/a/b:1", "quay.io/a/b", false),
                Arguments.of(EXACT, "quay.io/a/b", "quay.io/a/b", false),
                Arguments.of(EXACT, "quay.io/a/b@" + D, "quay.io/a/b:1", false),
                Arguments.of(EXACT, "quay.io/a/b@" + D, "quay.io/a/b@" + D, true),
                Arguments.of(EXACT, null, "quay.io/a/b:1", false),
                Arguments.of(EXACT, "quay.io/a/b:1", "NOT A REFERENCE", false),

                Arguments.of(REPO_DIGEST_OR_EXACT, "quay.io/a/b:1", "quay.io/a/b:1", true),
                Arguments.of(REPO_DIGEST_OR_EXACT, "quay.io/a/b:1", "quay.io/a/b:2", false),
                Arguments.of(REPO_DIGEST_OR_EXACT, "quay.io/a/b@" + D, "quay.io/a/b:1", true),
                Arguments.of(REPO_DIGEST_OR_EXACT, "quay.io/a/b@" + D, "quay.io/a/b@" + D2, true),
                Arguments.of(REPO_DIGEST_OR_EXACT, "quay.io/a/b@" + D, "quay.io/a/c:1", false),
                Arguments.of(REPO_DIGEST_OR_EXACT, "quay.io/a/b@" + D, "quay.io/a/b", false),
                Arguments.of(REPO_DIGEST_OR_EXACT, "quay.io/a/b", "quay.io/a/b:1", false),
                Arguments.of(REPO_DIGEST_OR_EXACT, null, "quay.io/a/b:1", false),

                Arguments.of(REPOSITORY, "quay.io/a/b:1", "quay.io/a/b:2", true),
                Arguments.of(REPOSITORY, "quay.io/a/b:1", "quay.io/a/b", true),
                Arguments.of(REPOSITORY, "quay.io/a/b@" + D, "quay.io/a/b", true),
                Arguments.of(REPOSITORY, "quay.io/a/b:1", "quay.io/a/c:1", false),
                Arguments.of(REPOSITORY, "busybox:1", "docker.io/library/busybox", true),
                Arguments.of(REPOSITORY, null, "quay.io/a/b", false),

                Arguments.of(new SignedIdentity.ExactReference("quay.io/a/b:1"), null, "quay.io/a/b:1", true),
                Arguments.of(new SignedIdentity.ExactReference("quay.io/a/b:1"), "quay.io/x/y:9", "quay.io/a/b:1", true),
                Arguments.of(new SignedIdentity.ExactReference("quay.io/a/b:1"), null, "quay.io/a/b:2", false),
                Arguments.of(new SignedIdentity.ExactReference("quay.io/a/b:1"), null, "quay.io/a/b", false),
                Arguments.of(new SignedIdentity.ExactReference("busybox:1"), null, "docker.io/library/busybox:1", true),

                Arguments.of(new SignedIdentity.ExactRepository("quay.io/a/b"), null, "quay.io/a/b:7", true),
                Arguments.of(new SignedIdentity.ExactRepository("quay.io/a/b"), null, "quay.io/a/b", true),
                Arguments.of(new SignedIdentity.ExactRepository("quay.io/a/b"), "quay.io/a/b:1", "quay.io/a/c:1", false),

                Arguments.of(new SignedIdentity.RemapIdentity("mirror.local/quay", "quay.io"),
                        "mirror.local/quay/a/b:1", "quay.io/a/b:1", true),
                Arguments.of(new SignedIdentity.RemapIdentity("mirror.local/quay", "quay.io"),
                        "mirror.local/quay/a/b:1", "mirror.local/quay/a/b:1", false),
                Arguments.of(new SignedIdentity.RemapIdentity("mirror.local/quay", "quay.io"),
                        "mirror.local/quayx/a:1", "mirror.local/quayx/a:1", true),
                Arguments.of(new SignedIdentity.RemapIdentity("mirror.local/quay", "quay.io"),
                        "mirror.local/quay/a/b@" + D, "quay.io/a/b:any", true),
                Arguments.of(new SignedIdentity.RemapIdentity("docker.io/library", "quay.io/lib"),
                        "busybox:1", "quay.io/lib/busybox:1", true),
                Arguments.of(new SignedIdentity.RemapIdentity("mirror.local", "quay.io"),
                        "mirror.local/a:1", "quay.io/a:1", true),
                Arguments.of(new SignedIdentity.RemapIdentity("mirror.local", "quay.io"),
                        null, "quay.io/a:1", false));
    }

    @ParameterizedTest(name = "{0}: image {1}, signature claims {2} → {3}")
    @MethodSource("table")
    void matchersFollowContainersImageRules(SignedIdentity matcher, String image, String signed, boolean expected) {
        Optional<ImageReference> img = Optional.ofNullable(image).map(ImageReference::parse);
        assertThat(IdentityMatching.matches(matcher, img, signed)).isEqualTo(expected);
    }
}
