package io.bootc4j.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.oci.internal.SignatureBlobCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SignatureBlobCodecTest {

    @Property
    void sigstoreSignaturesRoundTrip(@ForAll byte[] payload, @ForAll Map<String, String> annotations) throws Exception {
        SignatureBlob sig = SignatureBlob.sigstore(MediaType.COSIGN_SIMPLE_SIGNING, payload, annotations);
        assertThat(SignatureBlobCodec.decode(SignatureBlobCodec.encode(sig), "sig")).isEqualTo(sig);
    }

    @Property
    void simpleSignaturesAreStoredRaw(@ForAll byte[] bytes) throws Exception {
        if (bytes.length > 0 && bytes[0] == 0) {
            return; // a leading NUL introduces a format line; real OpenPGP data never starts with one
        }
        SignatureBlob sig = SignatureBlob.simpleSigning(bytes);
        assertThat(SignatureBlobCodec.encode(sig)).isEqualTo(bytes);
        assertThat(SignatureBlobCodec.decode(bytes, "sig")).isEqualTo(sig);
    }

    @Property
    void arbitraryBytesDecodeOrFailWithAFormatError(@ForAll byte[] bytes) {
        try {
            assertThat(SignatureBlobCodec.decode(bytes, "sig-file")).isNotNull();
        } catch (ManifestFormatException e) {
            assertThat(e).hasMessageStartingWith("sig-file: ");
        }
    }

    @Test
    void sigstoreFormatMatchesContainersImage() throws Exception {
        SignatureBlob sig = SignatureBlob.sigstore("m", "p".getBytes(StandardCharsets.UTF_8), Map.of("k", "v"));
        assertThat(new String(SignatureBlobCodec.encode(sig), StandardCharsets.UTF_8))
                .isEqualTo("\0sigstore-json\n{\"mimeType\":\"m\",\"payload\":\"cA==\",\"annotations\":{\"k\":\"v\"}}");
        assertThatThrownBy(() -> SignatureBlobCodec.decode("\0x-other\n{}".getBytes(StandardCharsets.UTF_8), "f"))
                .hasMessage("f: unknown signature format \"x-other\"");
    }
}
