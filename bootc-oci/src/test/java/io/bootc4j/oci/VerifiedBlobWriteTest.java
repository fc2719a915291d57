package io.bootc4j.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageDestination#putVerifiedBlob} on an OCI layout: named by the expected digest only after a clean EOF. */
class VerifiedBlobWriteTest {

    @TempDir
    Path dir;

    private static final byte[] CONTENT = "layer bytes".getBytes(StandardCharsets.UTF_8);

    private static Descriptor descriptorOf(byte[] bytes) {
        return Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256(bytes), bytes.length);
    }

    private static InputStream verifying(byte[] served, Descriptor expected) {
        return DigestingInputStream.verifying(new ByteArrayInputStream(served), expected.digest(), expected.size(), "test blob");
    }

    private Stream<Path> blobs() throws IOException {
        return Files.list(dir.resolve("blobs/sha256"));
    }

    @Test
    void aVerifiedBlobIsStoredUnderItsDigest() throws IOException {
        Descriptor d = descriptorOf(CONTENT);
        try (ImageDestination dst = ImageDestinations.open("oci:" + dir + ":t"); InputStream in = verifying(CONTENT, d)) {
            assertThat(dst.putVerifiedBlob(in, d)).isEqualTo(d);
            assertThat(dst.hasBlob(d.digest())).isTrue();
        }
        assertThat(Files.readAllBytes(dir.resolve("blobs/sha256/" + d.digest().hex()))).isEqualTo(CONTENT);
        try (Stream<Path> s = blobs()) {
            assertThat(s).hasSize(1);
        }
    }

    @Test
    void aStreamFailingAtEndOfStreamLeavesNeitherTheBlobNorATempFile() throws IOException {
        Descriptor d = descriptorOf(CONTENT);
        byte[] corrupt = CONTENT.clone();
        corrupt[3] ^= 1;
        try (ImageDestination dst = ImageDestinations.open("oci:" + dir + ":t"); InputStream in = verifying(corrupt, d)) {
            assertThatThrownBy(() -> dst.putVerifiedBlob(in, d)).isInstanceOf(DigestMismatchException.class)
                    .hasMessageContaining(d.digest().toString());
        }
        try (Stream<Path> s = blobs()) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void aShortStreamThatDoesNotCheckItsSizeIsRefusedNamingTheBlob() throws IOException {
        Descriptor d = descriptorOf(CONTENT);
        try (ImageDestination dst = ImageDestinations.open("oci:" + dir + ":t");
             InputStream in = new ByteArrayInputStream(CONTENT, 0, CONTENT.length - 2)) {
            assertThatThrownBy(() -> dst.putVerifiedBlob(in, d)).isInstanceOf(BlobSizeMismatchException.class)
                    .hasMessageContaining(d.digest().toString());
        }
        try (Stream<Path> s = blobs()) {
            assertThat(s).isEmpty();
        }
    }
}
