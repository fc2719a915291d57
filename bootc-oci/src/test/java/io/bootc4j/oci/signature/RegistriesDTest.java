package io.bootc4j.oci.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.oci.Digest;
import io.bootc4j.oci.ImageReference;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistriesDTest {

    @TempDir
    Path dir;

    RegistriesD load(String... namesAndYaml) throws Exception {
        for (int i = 0; i < namesAndYaml.length; i += 2) {
            Files.writeString(dir.resolve(namesAndYaml[i]), namesAndYaml[i + 1]);
        }
        return RegistriesD.load(dir);
    }

    static ImageReference ref(String s) {
        return ImageReference.parse(s);
    }

    @Test
    void mostSpecificNamespaceWinsThenDefaultDocker() throws Exception {
        RegistriesD r = load("a.yaml", """
                default-docker:
                  lookaside: https://default.example/sigs
                docker:
                  quay.io:
                    lookaside: https://quay.example/sigs
                  quay.io/acme/os:
                    lookaside: file:///srv/acme-os
                  "*.example.com":
                    lookaside: https://wild.example/sigs
                """);
        assertThat(r.lookasideFor(ref("quay.io/acme/os:1"))).contains(URI.create("file:///srv/acme-os"));
        assertThat(r.lookasideFor(ref("quay.io/acme/other:1"))).contains(URI.create("https://quay.example/sigs"));
        assertThat(r.lookasideFor(ref("reg.example.com/x:1"))).contains(URI.create("https://wild.example/sigs"));
        assertThat(r.lookasideFor(ref("docker.io/library/busybox:1"))).contains(URI.create("https://default.example/sigs"));
    }

    @Test
    void aNamespaceWithoutLookasideFallsThroughToALessSpecificOne() throws Exception {
        RegistriesD r = load("a.yaml", """
                docker:
                  quay.io:
                    lookaside: https://quay.example/sigs
                  quay.io/acme:
                    use-sigstore-attachments: true
                """);
        assertThat(r.lookasideFor(ref("quay.io/acme/os:1"))).contains(URI.create("https://quay.example/sigs"));
        assertThat(r.useSigstoreAttachments(ref("quay.io/acme/os:1"))).isTrue();
        assertThat(r.useSigstoreAttachments(ref("quay.io/other/os:1"))).isFalse();
    }

    @Test
    void stagingIsPreferredForWritesAndDeprecatedSigstoreKeysAreRead() throws Exception {
        RegistriesD r = load("a.yaml", """
                docker:
                  quay.io:
                    sigstore: https://read.example
                    sigstore-staging: file:///write
                """);
        assertThat(r.lookasideFor(ref("quay.io/a:1"))).contains(URI.create("https://read.example"));
        assertThat(r.lookasideStagingFor(ref("quay.io/a:1"))).contains(URI.create("file:///write"));
    }

    @Test
    void filesAreMergedButANamespaceInTwoFilesIsAnError() throws Exception {
        assertThat(load("a.yaml", "docker:\n  quay.io:\n    lookaside: file:///a\n",
                "b.yaml", "docker:\n  ghcr.io:\n    lookaside: file:///b\n", "ignored.txt", "not: yaml: at: all").docker())
                .containsOnlyKeys("quay.io", "ghcr.io");
        Files.writeString(dir.resolve("c.yaml"), "docker:\n  quay.io:\n    lookaside: file:///c\n");
        assertThatThrownBy(() -> RegistriesD.load(dir)).isInstanceOf(PolicyFormatException.class)
                .hasMessageContaining("namespace \"quay.io\" is defined both in").hasMessageContaining("a.yaml")
                .hasMessageContaining("c.yaml");
    }

    @Test
    void twoDefaultDockerSectionsAreAnError() throws Exception {
        assertThatThrownBy(() -> load("a.yaml", "default-docker:\n  lookaside: file:///a\n",
                "b.yaml", "default-docker:\n  lookaside: file:///b\n"))
                .isInstanceOf(PolicyFormatException.class).hasMessageContaining("default-docker is defined both in");
    }

    @Test
    void malformedValuesAreRefusedNamingTheKey() throws Exception {
        assertThatThrownBy(() -> load("a.yaml", "docker:\n  quay.io:\n    use-sigstore-attachments: maybe\n"))
                .isInstanceOf(PolicyFormatException.class).hasMessageContaining("docker[\"quay.io\"].use-sigstore-attachments");
        Files.delete(dir.resolve("a.yaml"));
        assertThatThrownBy(() -> load("a.yaml", "docker:\n  quay.io:\n    lookaside: ftp://x/\n"))
                .isInstanceOf(PolicyFormatException.class).hasMessageContaining("unsupported lookaside URL \"ftp://x/\"");
        Files.delete(dir.resolve("a.yaml"));
        assertThatThrownBy(() -> load("a.yaml", "docker:\n  quay.io:\n    lookaside: file:///a\n  quay.io:\n    lookaside: file:///b\n"))
                .isInstanceOf(PolicyFormatException.class).hasMessageContaining("quay.io");
    }

    @Test
    void missingDirectoryFallsBackToTheBuiltInLookaside() throws Exception {
        RegistriesD r = RegistriesD.load(dir.resolve("absent"));
        assertThat(r.lookasideFor(ref("quay.io/a:1"))).isPresent();
        assertThat(RegistriesD.none().lookasideFor(ref("quay.io/a:1"))).isEmpty();
    }

    @Test
    void signatureUrlFollowsTheLookasideLayout() {
        Digest d = Digest.parse("sha256:" + "ab".repeat(32));
        assertThat(RegistriesD.signatureUrl(URI.create("https://sigs.example/base/"), ref("quay.io/acme/os:1"), d, 2))
                .hasToString("https://sigs.example/base/acme/os@sha256=" + "ab".repeat(32) + "/signature-2");
        assertThat(RegistriesD.signatureUrl(URI.create("file:///var/lib/containers/sigstore"), ref("busybox"), d, 1))
                .hasToString("file:///var/lib/containers/sigstore/library/busybox@sha256=" + "ab".repeat(32) + "/signature-1");
    }
}
