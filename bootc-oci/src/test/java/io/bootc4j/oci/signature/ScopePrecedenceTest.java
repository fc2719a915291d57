package io.bootc4j.oci.signature;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.oci.ImageReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScopePrecedenceTest {

    /** Every scope names itself through a distinct keyPath, so the chosen list is identifiable. */
    private static SignaturePolicy policyWithScopes(String transport, String... scopes) throws PolicyFormatException {
        StringBuilder sb = new StringBuilder("{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"" + transport + "\":{");
        for (int i = 0; i < scopes.length; i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(scopes[i]).append("\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",")
                    .append("\"keyPath\":\"/scope/").append(i).append("\"}]");
        }
        sb.append("}}}");
        return SignaturePolicy.parse(sb.toString().getBytes(StandardCharsets.UTF_8), "p.json");
    }

    static final String[] DOCKER_SCOPES = {
        "reg.a.example.com:5000/ns/repo:tag",
        "reg.a.example.com:5000/ns/repo",
        "reg.a.example.com:5000/ns",
        "reg.a.example.com:5000",
        "*.a.example.com",
        "*.example.com",
        "*.com",
        "",
    };

    static Stream<Arguments> dockerPrecedence() {
        return Stream.of(
                Arguments.of("reg.a.example.com:5000/ns/repo:tag", 0, "exact reference wins"),
                Arguments.of("reg.a.example.com:5000/ns/repo:other", 1, "repository for another tag"),
                Arguments.of("reg.a.example.com:5000/ns/repo2:tag", 2, "parent namespace"),
                Arguments.of("reg.a.example.com:5000/other/x:1", 3, "host with port"),
                Arguments.of("reg.a.example.com/ns/repo:tag", 4, "port differs: only wildcards apply"),
                Arguments.of("b.example.com/x:1", 5, "*.example.com"),
                Arguments.of("quay.com/x:1", 6, "*.com"),
                Arguments.of("quay.io/x:1", 7, "transport default"));
    }

    @ParameterizedTest(name = "{0} → {2}")
    @MethodSource("dockerPrecedence")
    void dockerScopesAreMatchedMostSpecificFirst(String image, int expectedScope, String why) throws Exception {
        SignaturePolicy p = policyWithScopes("docker", DOCKER_SCOPES);
        ApplicableRequirements r = p.requirementsFor(ImageScope.docker(ImageReference.parse(image)));
        assertThat(((PolicyRequirement.SignedBy) r.requirements().get(0)).keys().paths())
                .containsExactly(Path.of("/scope/" + expectedScope));
        assertThat(r.origin()).isEqualTo("transports.docker[\"" + DOCKER_SCOPES[expectedScope] + "\"]");
    }

    @Test
    void globalDefaultAppliesWhenTheTransportHasNoMatchingScope() throws Exception {
        SignaturePolicy p = policyWithScopes("docker", "quay.io/a");
        ApplicableRequirements r = p.requirementsFor(ImageScope.docker(ImageReference.parse("quay.io/b:1")));
        assertThat(r.origin()).isEqualTo("default");
        assertThat(r.requirements()).containsExactly(new PolicyRequirement.Reject());
        assertThat(p.requirementsFor(ImageScope.of("dir:/tmp/x")).origin()).isEqualTo("default");
    }

    @Test
    void dockerIdentityIsFullyExpandedWithDefaultTag() {
        ImageScope s = ImageScope.of("docker://busybox");
        assertThat(s.identity()).isEqualTo("docker.io/library/busybox:latest");
        assertThat(s.namespaces()).containsExactly("docker.io/library/busybox", "docker.io/library", "docker.io", "*.io");
    }

    @Test
    void dockerIdentityOfADigestReferenceIsTheDigest() {
        String d = "sha256:" + "ab".repeat(32);
        assertThat(ImageScope.of("docker://quay.io/a/b@" + d).identity()).isEqualTo("quay.io/a/b@" + d);
    }

    @Test
    void dirScopesMatchThePathThenItsParents(@TempDir Path tmp) throws Exception {
        Path img = Files.createDirectories(tmp.resolve("images/one"));
        String real = img.toRealPath().toString();
        String parent = img.getParent().toRealPath().toString();
        SignaturePolicy p = policyWithScopes("dir", real, parent, "");
        assertThat(p.requirementsFor(ImageScope.of("dir:" + img)).origin()).isEqualTo("transports.dir[\"" + real + "\"]");
        assertThat(p.requirementsFor(ImageScope.of("dir:" + img.resolveSibling("two"))).origin())
                .isEqualTo("transports.dir[\"" + parent + "\"]");
        assertThat(p.requirementsFor(ImageScope.of("dir:/elsewhere/x")).origin()).isEqualTo("transports.dir[\"\"]");
    }

    @Test
    void ociScopeIgnoresTheImageNameAndResolvesSymlinks(@TempDir Path tmp) throws Exception {
        Path layout = Files.createDirectories(tmp.resolve("layout"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), layout);
        String real = layout.toRealPath().toString();
        SignaturePolicy p = policyWithScopes("oci", real);
        assertThat(p.requirementsFor(ImageScope.of("oci:" + link + ":latest")).origin())
                .isEqualTo("transports.oci[\"" + real + "\"]");
    }

    @Test
    void dockerArchiveOnlyHasTheTransportDefault() throws Exception {
        SignaturePolicy p = policyWithScopes("docker-archive", "");
        assertThat(ImageScope.of("docker-archive:/a.tar:x:1").namespaces()).isEmpty();
        assertThat(p.requirementsFor(ImageScope.of("docker-archive:/a.tar")).origin()).isEqualTo("transports.docker-archive[\"\"]");
    }
}
