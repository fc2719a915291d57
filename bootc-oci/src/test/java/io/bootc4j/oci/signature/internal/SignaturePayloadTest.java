package io.bootc4j.oci.signature.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignaturePayloadTest {

    static final String D = "sha256:" + "0a".repeat(32);
    static final String GOOD = "{\"critical\":{\"identity\":{\"docker-reference\":\"busybox:latest\"},\"image\":"
            + "{\"docker-manifest-digest\":\"" + D + "\"},\"type\":\"atomic container signature\"},"
            + "\"optional\":{\"creator\":\"atomic 1\",\"timestamp\":1458239713,\"extra\":[1]}}";

    static SignaturePayload parse(String s) throws InvalidSignatureException {
        return SignaturePayload.parse(s.getBytes(StandardCharsets.UTF_8), SignaturePayload.SIMPLE_SIGNING_TYPE);
    }

    @Test
    void parsesTheAtomicPayloadIgnoringUnknownOptionalKeys() throws Exception {
        SignaturePayload p = parse(GOOD);
        assertThat(p.manifestDigest()).hasToString(D);
        assertThat(p.dockerReference()).isEqualTo("busybox:latest");
        assertThat(p.creator()).contains("atomic 1");
        assertThat(p.timestamp()).contains(1458239713L);
    }

    @Test
    void acceptsEmptyOrNullOptional() throws Exception {
        assertThat(parse(GOOD.replaceAll("\"optional\":\\{.*\\}\\}$", "\"optional\":{}}")).creator()).isEmpty();
        assertThat(parse(GOOD.replaceAll("\"optional\":\\{.*\\}\\}$", "\"optional\":null}")).timestamp()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing optional|\"optional\":{\"creator\":\"atomic 1\",\"timestamp\":1458239713,\"extra\":[1]}|\"x\":1|unknown key",
        "extra critical key|\"type\":\"atomic|\"extra\":1,\"type\":\"atomic|extra: unknown key",
        "wrong type|atomic container signature|cosign container image signature|unrecognized signature type",
        "bad digest|" + "0a0a0a0a|zzzz|invalid digest",
        "fractional timestamp|1458239713|1458239713.5|expected an integer",
        "duplicate key|\"type\":\"atomic container signature\"|\"type\":\"atomic container signature\",\"type\":\"x\"|Duplicate field",
        "identity not a string|\"busybox:latest\"|7|expected a string",
    })
    void rejectsMalformedPayloads(String what, String from, String to, String message) {
        assertThatThrownBy(() -> parse(GOOD.replace(from, to)))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining(message);
    }

    @Test
    void rejectsTrailingData() {
        assertThatThrownBy(() -> parse(GOOD + " {}")).isInstanceOf(InvalidSignatureException.class);
    }

    @Property(tries = 300)
    void arbitraryBytesFailOnlyWithInvalidSignature(@ForAll byte[] bytes) {
        try {
            SignaturePayload.parse(bytes, SignaturePayload.SIMPLE_SIGNING_TYPE);
        } catch (InvalidSignatureException expected) {
            // the only permitted failure
        }
    }

    @Property(tries = 300)
    void arbitraryBytesAreNeverAValidOpenPgpSignature(@ForAll byte[] bytes) throws Exception {
        OpenPgpVerifier v = OpenPgpVerifier.fromKeyrings(List.of(), "no keys");
        assertThatThrownBy(() -> v.verify(bytes, java.time.Instant.now())).isInstanceOf(InvalidSignatureException.class);
    }
}
