package io.bootc4j.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransportReferenceTest {

    static final String D = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesEveryTransportsSyntax() {
        assertThat(TransportReference.parse("oci:/srv/l:v1")).extracting(TransportReference::transport, TransportReference::path,
                TransportReference::image).containsExactly("oci", "/srv/l", Optional.of("v1"));
        assertThat(TransportReference.parse("oci:/srv/l").image()).isEmpty();
        assertThat(TransportReference.parse("oci:/srv/l:@2").position()).isEqualTo(OptionalInt.of(2));
        assertThat(TransportReference.parse("oci-archive:/t.tar:a:b").image()).contains("a:b");
        assertThat(TransportReference.parse("docker-archive:/t.tar:busybox:1").image()).contains("busybox:1");
        assertThat(TransportReference.parse("dir:/a:b").path()).isEqualTo("/a:b");
        assertThat(TransportReference.parse("docker://quay.io/a/b@" + D).image()).contains("quay.io/a/b@" + D);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "''                                  | missing transport prefix",
        "/srv/layout                         | missing transport prefix",
        "ftp://x                             | unknown transport \"ftp\"",
        "docker:busybox                      | must start with \"docker://\"",
        "docker://                           | empty reference",
        "docker://a:b@" + D + "              | both a tag and digest",
        "docker://UPPER                      | repository name must be lowercase",
        "oci:                                | empty path",
        "oci::tag                            | empty path",
        "oci:/x:                             | empty reference after \"/x:\"",
        "oci:/x:@-1                          | not a valid @INDEX",
        "oci:/x:bad tag                      | invalid tag \"bad tag\"",
        "oci-archive:/x:@1                   | oci-archive does not support @INDEX",
        "docker-archive:/x:a@" + D + "       | must not contain a digest",
        "docker-archive:/x:Bad               | repository name must be lowercase",
        "dir:                                | empty directory path",
    })
    void badReferencesAreRejectedQuotingTheInput(String input, String offence) {
        assertThatThrownBy(() -> TransportReference.parse(input)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid image name \"" + input + "\": ").hasMessageContaining(offence);
    }

    @Property
    void arbitraryStringsParseOrFailWithIllegalArgument(@ForAll String s) {
        try {
            assertThat(TransportReference.parse(s).text()).isEqualTo(s);
        } catch (IllegalArgumentException expected) {
            assertThat(expected).hasMessageStartingWith("invalid image name");
        }
    }
}
