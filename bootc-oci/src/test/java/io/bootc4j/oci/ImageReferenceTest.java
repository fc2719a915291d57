package io.bootc4j.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

    static final String D = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "busybox                         | docker.io/library/busybox",
        "busybox:latest                  | docker.io/library/busybox:latest",
        "library/busybox:1               | docker.io/library/busybox:1",
        "docker.io/busybox               | docker.io/library/busybox",
        "index.docker.io/library/busybox | docker.io/library/busybox",
        "acme/os:42                      | docker.io/acme/os:42",
        "quay.io/a/b:t@" + D + "         | quay.io/a/b:t@" + D,
        "localhost/x                     | localhost/x",
        "localhost:5000/x/y:v1.0         | localhost:5000/x/y:v1.0",
        "127.0.0.1:5000/repo@" + D + "   | 127.0.0.1:5000/repo@" + D,
        "[::1]:5000/repo                 | [::1]:5000/repo",
        "Quay.IO/a                       | Quay.IO/a",
        "a__b/c-d.e---f                  | docker.io/a__b/c-d.e---f",
    })
    void parseNormalisesLikeDocker(String input, String canonical) {
        ImageReference ref = ImageReference.parse(input);
        assertThat(ref).hasToString(canonical);
        assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
    }

    @Test
    void accessorsSplitTheReference() {
        ImageReference ref = ImageReference.parse("quay.io/org/img:tag@" + D);
        assertThat(ref.registry()).isEqualTo("quay.io");
        assertThat(ref.repository()).isEqualTo("org/img");
        assertThat(ref.name()).isEqualTo("quay.io/org/img");
        assertThat(ref.tag()).contains("tag");
        assertThat(ref.digest()).contains(Digest.parse(D));
        assertThat(ref.nameOnly()).hasToString("quay.io/org/img");
    }

    @Test
    void defaultTagIsAddedOnlyWithoutTagAndDigest() {
        assertThat(ImageReference.parse("busybox").withDefaultTag()).hasToString("docker.io/library/busybox:latest");
        assertThat(ImageReference.parse("busybox@" + D).withDefaultTag()).hasToString("docker.io/library/busybox@" + D);
        assertThat(ImageReference.parse("busybox:1").withDefaultTag().tag()).contains("1");
    }

    @Test
    void familiarFormDropsDockerHubAndLibrary() {
        assertThat(ImageReference.parse("busybox:latest").familiar()).isEqualTo("busybox:latest");
        assertThat(ImageReference.parse("acme/os:42").familiar()).isEqualTo("acme/os:42");
        assertThat(ImageReference.parse("quay.io/a/b").familiar()).isEqualTo("quay.io/a/b");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                        | empty reference",
        "Busybox                   | repository name must be lowercase",
        "quay.io/Org/x             | repository name must be lowercase",
        "busybox:-bad              | bad tag \"-bad\"",
        "busybox@sha256:abc        | bad digest \"sha256:abc\"",
        "quay.io//x                | empty path component",
        "x/                        | empty path component",
        "-x                        | bad path component \"-x\"",
        "bad_host.io:x:y/z         | bad registry host",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 | image ID",
        ":tag                      | missing repository name",
    })
    void parseRejectsBadReferencesQuotingTheInput(String input, String offence) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid image reference \"" + input + "\"")
                .hasMessageContaining(offence);
        assertThat(ImageReference.tryParse(input)).isEmpty();
    }

    @Test
    void tooLongNamesAreRejected() {
        String name = "quay.io/" + "a".repeat(250);
        assertThatThrownBy(() -> ImageReference.parse(name)).hasMessageContaining("longer than 255");
    }

    @Property
    void tryParseNeverThrows(@ForAll String text) {
        assertThat(ImageReference.tryParse(text)).isNotNull();
    }

    @Property
    void canonicalFormRoundTrips(@ForAll("references") String text) {
        ImageReference ref = ImageReference.parse(text);
        assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref).hasToString(ref.toString());
        assertThat(ImageReference.parse(ref.familiar())).isEqualTo(ref);
    }

    @Provide
    Arbitrary<String> references() {
        Arbitrary<String> component = Arbitraries.strings().withChars("abcz09").ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> host = Arbitraries.of("", "quay.io/", "localhost/", "localhost:5000/", "docker.io/", "10.0.0.1:80/");
        Arbitrary<String> path = component.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l));
        Arbitrary<String> tag = Arbitraries.strings().withChars("aZ9_.-").ofMinLength(1).ofMaxLength(10)
                .filter(t -> t.charAt(0) != '.' && t.charAt(0) != '-').injectNull(0.4);
        Arbitrary<String> digest = Arbitraries.of("", "@" + D);
        return Combinators.combine(host, path, tag, digest).as((h, p, t, d) -> h + p + (t == null ? "" : ":" + t) + d);
    }
}
