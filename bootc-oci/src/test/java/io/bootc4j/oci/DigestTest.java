package io.bootc4j.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigestTest {

    // sha256("") and sha256("{}") are fixed points of the spec (the latter is the OCI empty descriptor).
    static final String EMPTY = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static final String EMPTY_JSON = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    @Test
    void sha256OfKnownInputsMatchesGoldenVectors() {
        assertThat(Digest.sha256(new byte[0])).hasToString(EMPTY);
        assertThat(Digest.sha256("{}".getBytes(StandardCharsets.UTF_8))).hasToString(EMPTY_JSON);
        assertThat(Digest.compute("sha512", new byte[0]).hex()).startsWith("cf83e1357eefb8bdf1542850d66d8007");
    }

    @Test
    void parseSplitsAlgorithmAndHexAndGivesTheLayoutPath() {
        Digest d = Digest.parse(EMPTY);
        assertThat(d.algorithm()).isEqualTo("sha256");
        assertThat(d.hex()).hasSize(64);
        assertThat(d.encodedPath()).isEqualTo("sha256/" + d.hex());
        assertThat(d).isEqualTo(Digest.of("sha256", d.hex()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 | missing \"algorithm:\" prefix",
        "md5:d41d8cd98f00b204e9800998ecf8427e | unsupported algorithm \"md5\"",
        "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855 | is not a lowercase hex digit",
        "sha256:abc | sha256 needs 64 hex digits, found 3",
        "sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 | sha512 needs 128 hex digits",
    })
    void parseRejectsBadDigestsQuotingTheInput(String input, String offence) {
        assertThatThrownBy(() -> Digest.parse(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + input + "\"")
                .hasMessageContaining(offence);
        assertThat(Digest.tryParse(input)).isEmpty();
    }

    @Property
    void canonicalFormRoundTrips(@ForAll byte[] data) {
        Digest d = Digest.sha256(data);
        assertThat(Digest.parse(d.toString())).isEqualTo(d);
        assertThat(d.matches(data)).isTrue();
    }

    @Property
    void tryParseNeverThrows(@ForAll String text) {
        assertThat(Digest.tryParse(text)).isNotNull();
    }

    @Test
    void verifyingStreamPassesExactContent() throws Exception {
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        try (DigestingInputStream in = DigestingInputStream.verifying(new ByteArrayInputStream(data), Digest.sha256(data), 5, "blob")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
            assertThat(in.digest()).contains(Digest.sha256(data));
        }
    }

    @Test
    void verifyingStreamRejectsWrongContentAtEndOfStream() {
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        Digest other = Digest.sha256("world".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> {
            try (InputStream in = DigestingInputStream.verifying(new ByteArrayInputStream(data), other, 5, "blob X")) {
                in.readAllBytes();
            }
        }).isInstanceOfSatisfying(DigestMismatchException.class, e -> {
            assertThat(e.expected()).isEqualTo(other);
            assertThat(e.actual()).isEqualTo(Digest.sha256(data));
            assertThat(e).hasMessageStartingWith("blob X: digest mismatch");
        });
    }

    @Test
    void verifyingStreamStopsReadingPastTheDeclaredSize() {
        byte[] data = new byte[100];
        assertThatThrownBy(() -> {
            try (InputStream in = DigestingInputStream.verifying(new ByteArrayInputStream(data), Digest.sha256(data), 10, "blob")) {
                in.readAllBytes();
            }
        }).isInstanceOf(BlobSizeMismatchException.class).hasMessageContaining("more than 10");
    }

    @Test
    void verifyingStreamRejectsShortContent() {
        byte[] data = new byte[10];
        assertThatThrownBy(() -> {
            try (InputStream in = DigestingInputStream.verifying(new ByteArrayInputStream(data), Digest.sha256(data), 11, "blob")) {
                in.readAllBytes();
            }
        }).isInstanceOfSatisfying(BlobSizeMismatchException.class, e -> assertThat(e.actualSize()).isEqualTo(10));
    }
}
