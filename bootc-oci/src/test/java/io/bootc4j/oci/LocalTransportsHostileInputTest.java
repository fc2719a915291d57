package io.bootc4j.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.oci.internal.SignatureBlobCodec;
import io.bootc4j.testing.OciImage;
import io.bootc4j.testing.OciImages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken and malicious layouts, dir: images and archives fail with typed errors that name the input. */
class LocalTransportsHostileInputTest {

    @TempDir
    Path tmp;
    OciImage image;

    @BeforeEach
    void image() throws IOException {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.writeString(rootfs.resolve("f"), "content\n");
        image = OciImages.builder(tmp.resolve("layout")).layer(rootfs).build("v1");
    }

    static void drain(ImageSource src, Descriptor d) throws IOException {
        try (InputStream in = src.openBlob(d)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    @Test
    void aBlobWithWrongBytesFailsWithDigestMismatchAtEndOfStream() throws Exception {
        OciImage.Layer layer = image.layers().get(0);
        byte[] bytes = Files.readAllBytes(image.blob(layer.digest()));
        bytes[bytes.length / 2] ^= 1;
        Files.write(image.blob(layer.digest()), bytes);
        try (ImageSource src = ImageSources.open(image.reference())) {
            Descriptor d = Manifest.parse(src.manifest(Optional.empty())).layers().get(0);
            assertThatThrownBy(() -> drain(src, d)).isInstanceOfSatisfying(DigestMismatchException.class, e -> {
                assertThat(e.expected()).hasToString(layer.digest());
                assertThat(e.actual()).isEqualTo(Digest.sha256(bytes));
                assertThat(e).hasMessageStartingWith(image.reference() + " blob: digest mismatch");
            });
        }
    }

    @Test
    void aTruncatedBlobFailsWithASizeMismatch() throws Exception {
        OciImage.Layer layer = image.layers().get(0);
        byte[] bytes = Files.readAllBytes(image.blob(layer.digest()));
        Files.write(image.blob(layer.digest()), java.util.Arrays.copyOf(bytes, bytes.length - 3));
        try (ImageSource src = ImageSources.open(image.reference())) {
            Descriptor d = Manifest.parse(src.manifest(Optional.empty())).layers().get(0);
            assertThatThrownBy(() -> drain(src, d)).isInstanceOf(BlobSizeMismatchException.class)
                    .hasMessageContaining(layer.digest());
        }
    }

    @Test
    void aManifestBlobThatDoesNotMatchItsDigestIsRefused() throws Exception {
        Files.writeString(image.blob(image.digest()), "{\"schemaVersion\":2}");
        assertThatThrownBy(() -> {
            try (ImageSource src = ImageSources.open(image.reference())) {
                src.manifest(Optional.empty());
            }
        }).isInstanceOf(DigestMismatchException.class).hasMessageContaining("manifest " + image.digest());
    }

    @Test
    void indexJsonPointingToAMissingBlobNamesTheBlob() throws Exception {
        Files.delete(image.blob(image.digest()));
        assertThatThrownBy(() -> {
            try (ImageSource src = ImageSources.open(image.reference())) {
                src.manifest(Optional.empty());
            }
        }).isInstanceOf(BlobNotFoundException.class).hasMessage(image.reference() + ": manifest " + image.digest() + " not found");
    }

    @Test
    void malformedIndexJsonIsAManifestFormatError() throws Exception {
        Files.writeString(image.layout().resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"digest\":1}");
        assertThatThrownBy(() -> ImageSources.open(image.reference()))
                .isInstanceOf(ManifestFormatException.class).hasMessageStartingWith("index.json in " + image.reference())
                .hasMessageContaining("malformed JSON");
        Files.writeString(image.layout().resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"sha256:1\",\"size\":1}]}");
        assertThatThrownBy(() -> ImageSources.open(image.reference()))
                .isInstanceOf(ManifestFormatException.class).hasMessageContaining("invalid digest \"sha256:1\"");
    }

    @Test
    void malformedManifestJsonInADirImageIsAManifestFormatError() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        Files.writeString(dir.resolve("manifest.json"), "{\"schemaVersion\":2,\"config\":");
        try (ImageSource src = ImageSources.open("dir:" + dir)) {
            ManifestBytes m = src.manifest(Optional.empty());
            assertThatThrownBy(() -> Manifest.parse(m)).isInstanceOf(ManifestFormatException.class)
                    .hasMessageContaining("malformed JSON");
            assertThatThrownBy(() -> ImageCopy.copy(src, ImageDestinations.open("oci:" + tmp.resolve("o")), CopyOptions.defaults()))
                    .isInstanceOf(ManifestFormatException.class);
        }
    }

    @Test
    void aLayoutWithoutOciLayoutFileOrWithSeveralImagesNeedsATag() throws Exception {
        assertThatThrownBy(() -> ImageSources.open("oci:" + tmp.resolve("rootfs")))
                .isInstanceOf(OciException.class).hasMessageContaining("not an OCI image layout");
        OciImages.builder(image.layout()).layer(tmp.resolve("rootfs")).platform("linux", "arm64").build("v2");
        assertThatThrownBy(() -> ImageSources.open("oci:" + image.layout()))
                .isInstanceOf(OciException.class).hasMessageContaining("index.json lists 2 images; name one with :TAG or @INDEX");
        try (ImageSource src = ImageSources.open("oci:" + image.layout() + ":@0")) {
            assertThat(src.manifest(Optional.empty()).digest()).hasToString(image.digest());
        }
        assertThatThrownBy(() -> ImageSources.open("oci:" + image.layout() + ":@7"))
                .isInstanceOf(BlobNotFoundException.class).hasMessageContaining("image @7");
    }

    @Test
    void aBlobPathEscapingADirImageIsNotFollowed() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("dir2"));
        Path secret = Files.writeString(tmp.resolve("secret"), "s");
        Digest d = Digest.sha256("s".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(dir.resolve(d.hex()), secret);
        try (ImageSource src = ImageSources.open("dir:" + dir)) {
            assertThatThrownBy(() -> src.openBlob(Descriptor.of("x", d, 1))).hasMessageContaining("resolves outside the directory");
        }
    }

    @Test
    void aNonArchiveFileIsRefusedAsAnArchive() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.tar"), "this is not a tar archive at all".repeat(40));
        assertThatThrownBy(() -> ImageSources.open("oci-archive:" + junk)).isInstanceOf(IOException.class)
                .hasMessageContaining("oci-archive:" + junk);
        assertThatThrownBy(() -> ImageSources.open("docker-archive:" + junk)).isInstanceOf(IOException.class)
                .hasMessageContaining("docker-archive:" + junk);
    }

    @Test
    void signaturesRoundTripThroughDirAndAreRefusedByOciLayouts() throws Exception {
        Path dir = tmp.resolve("signed");
        SignatureBlob simple = SignatureBlob.simpleSigning(new byte[] {(byte) 0xa3, 1, 2, 3});
        SignatureBlob sigstore = SignatureBlob.sigstore(MediaType.COSIGN_SIMPLE_SIGNING, "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8),
                Map.of("dev.cosignproject.cosign/signature", "MEUC"));
        try (ImageSource src = ImageSources.open(image.reference()); ImageDestination dst = ImageDestinations.open("dir:" + dir)) {
            ImageCopy.copy(src, dst, CopyOptions.defaults());
            dst.putSignatures(List.of(simple, sigstore), Optional.empty());
        }
        byte[] stored = Files.readAllBytes(dir.resolve("signature-2"));
        assertThat(new String(stored, 0, 15, StandardCharsets.UTF_8)).isEqualTo("\0sigstore-json\n");
        assertThat(SignatureBlobCodec.decode(stored, "x")).isEqualTo(sigstore);
        try (ImageSource src = ImageSources.open("dir:" + dir)) {
            assertThat(src.signatures(Optional.empty())).containsExactly(simple, sigstore);
            assertThatThrownBy(() -> ImageCopy.copy(src, ImageDestinations.open("oci:" + tmp.resolve("o")), CopyOptions.defaults()))
                    .isInstanceOf(OciException.class).hasMessageContaining("cannot store signatures");
            CopyResult r = ImageCopy.copy(src, ImageDestinations.open("oci:" + tmp.resolve("o2")),
                    CopyOptions.builder().removeSignatures(true).build());
            assertThat(r.digest()).hasToString(image.digest());
            Path copy = tmp.resolve("signed-copy");
            ImageCopy.copy(src, ImageDestinations.open("dir:" + copy), CopyOptions.defaults());
            assertThat(Files.readAllBytes(copy.resolve("signature-1"))).isEqualTo(simple.bytes());
        }
    }

    @Test
    void aNonEmptyForeignDirectoryIsNotOverwritten() throws Exception {
        assertThatThrownBy(() -> ImageDestinations.open("dir:" + tmp.resolve("rootfs")))
                .isInstanceOf(OciException.class).hasMessageContaining("refusing to overwrite");
        assertThat(tmp.resolve("rootfs/f")).exists();
    }

    @Test
    void destinationsLeaveNoTempFiles() throws Exception {
        Path out = tmp.resolve("clean");
        try (ImageSource src = ImageSources.open(image.reference()); ImageDestination dst = ImageDestinations.open("oci:" + out + ":t")) {
            ImageCopy.copy(src, dst, CopyOptions.defaults());
        }
        try (var s = Files.walk(out)) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
    }

    @Test
    void anArchiveMemberLinkingOutsideTheArchiveIsRefused() throws Exception {
        Path file = tmp.resolve("evil.tar");
        Digest d = Digest.parse(image.digest());
        try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar =
                new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(Files.newOutputStream(file))) {
            for (String name : List.of("oci-layout", "index.json")) {
                byte[] data = Files.readAllBytes(image.layout().resolve(name));
                org.apache.commons.compress.archivers.tar.TarArchiveEntry e =
                        new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name);
                e.setSize(data.length);
                tar.putArchiveEntry(e);
                tar.write(data);
                tar.closeArchiveEntry();
            }
            org.apache.commons.compress.archivers.tar.TarArchiveEntry link = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(
                    "blobs/sha256/" + d.hex(), org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
            link.setLinkName("../../../../etc/passwd");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        try (ImageSource src = ImageSources.open("oci-archive:" + file + ":v1")) {
            assertThatThrownBy(() -> src.manifest(Optional.empty())).isInstanceOf(IOException.class)
                    .hasMessageContaining("points outside the archive");
        }
    }
}
