package io.bootc4j.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.testing.OciImage;
import io.bootc4j.testing.OciImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImageCopyDiffIdTest {

    private static final String WRONG = "sha256:" + "ab".repeat(32);
    private static final CopyOptions VERIFY = CopyOptions.builder().verifyDiffIds(true).build();

    @TempDir
    Path tmp;
    Path rootfs;

    @BeforeEach
    void tree() throws Exception {
        rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.writeString(rootfs.resolve("f"), "x\n");
        byte[] big = new byte[3 * 1024 * 1024 + 17]; // more than the verifier's chunks hold at once
        new Random(5).nextBytes(big);
        Files.write(rootfs.resolve("big"), big);
    }

    @AfterEach
    void noVerifierThreadIsLeft() throws Exception {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("bootc4j-diffid-")) {
                t.join(5_000);
                assertThat(t.isAlive()).as("thread %s", t.getName()).isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(OciImages.Compression.class)
    void aLayerWhoseTarHashesToItsDiffIdCopiesWithTheCheckOn(OciImages.Compression compression) throws Exception {
        OciImage image = OciImages.builder(tmp.resolve("src")).layer(rootfs).compression(compression).build("t");
        CopyResult r = ImageCopyTest.copy(image.reference(), "oci:" + tmp.resolve("out") + ":t", VERIFY);
        assertThat(r.digest()).hasToString(image.digest());
        assertThat(tmp.resolve("out/blobs/sha256/" + Digest.parse(image.layers().get(0).digest()).hex())).exists();
    }

    @Test
    void aConfigWithAWrongDiffIdFailsNamingLayerExpectedAndActualAndNothingIsTagged() throws Exception {
        OciImage image = OciImages.builder(tmp.resolve("src")).layer(rootfs).configDiffIds(List.of(WRONG)).build("t");
        OciImage.Layer layer = image.layers().get(0);
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> ImageCopyTest.copy(image.reference(), "oci:" + out + ":t", VERIFY))
                .isInstanceOfSatisfying(DiffIdMismatchException.class, e -> {
                    assertThat(e.layer()).hasToString(layer.digest());
                    assertThat(e.expected()).hasToString(WRONG);
                    assertThat(e.actual()).hasToString(layer.diffId());
                })
                .hasMessageContaining(image.reference())
                .hasMessageContaining("layer " + layer.digest())
                .hasMessageContaining("the image config lists " + WRONG)
                .hasMessageContaining("the uncompressed layer hashes to " + layer.diffId());
        assertNotTagged(out);
        assertThat(out.resolve("blobs/sha256/" + Digest.parse(layer.digest()).hex())).doesNotExist();
    }

    @Test
    void oneBadLayerAmongSeveralCopiedAtOnceFailsTheCopyAndStopsTheOthers() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("g"), "y\n");
        Path third = Files.createDirectories(tmp.resolve("third"));
        Files.writeString(third.resolve("h"), "z\n");
        OciImage good = OciImages.builder(tmp.resolve("scratch")).layer(rootfs).layer(other).layer(third)
                .compression(OciImages.Compression.ZSTD).build(null);
        OciImage image = OciImages.builder(tmp.resolve("src")).layer(rootfs).layer(other).layer(third)
                .compression(OciImages.Compression.ZSTD)
                .configDiffIds(List.of(good.layers().get(0).diffId(), good.layers().get(1).diffId(), WRONG))
                .build("t");
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> ImageCopyTest.copy(image.reference(), "oci:" + out + ":t",
                CopyOptions.builder().verifyDiffIds(true).concurrentBlobs(4).build()))
                .isInstanceOf(DiffIdMismatchException.class)
                .hasMessageContaining("layer " + image.layers().get(2).digest());
        assertNotTagged(out);
    }

    @Test
    void aDiffIdCountThatDiffersFromTheLayerCountFailsNamingBoth() throws Exception {
        OciImage image = OciImages.builder(tmp.resolve("src")).layer(rootfs).configDiffIds(List.of(WRONG, WRONG)).build("t");
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> ImageCopyTest.copy(image.reference(), "oci:" + out + ":t", VERIFY))
                .isInstanceOf(ManifestFormatException.class)
                .hasMessageContaining("image config " + image.configDigest())
                .hasMessageContaining("rootfs.diff_ids lists 2 diff_ids but the manifest lists 1 layers");
        assertNotTagged(out);
    }

    @Test
    void aLayerThatDoesNotDecompressFailsAsCorruptWithTheCheckOn() throws Exception {
        Path garbage = tmp.resolve("garbage.tar");
        byte[] bytes = ("\u001f\u008b" + "not gzip at all ".repeat(1000)).getBytes(StandardCharsets.ISO_8859_1);
        Files.write(garbage, bytes);
        OciImage image = OciImages.builder(tmp.resolve("src")).layerTar(garbage)
                .compression(OciImages.Compression.NONE).build("t");
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> ImageCopyTest.copy(image.reference(), "oci:" + out + ":t", VERIFY))
                .isInstanceOf(CorruptLayerException.class)
                .hasMessageContaining(image.layers().get(0).digest())
                .hasMessageContaining("cannot decompress it to verify its diff_id");
        assertNotTagged(out);
    }

    @Test
    void withTheCheckOffAWrongDiffIdIsCopiedAsSkopeoDoes() throws Exception {
        OciImage image = OciImages.builder(tmp.resolve("src")).layer(rootfs).configDiffIds(List.of(WRONG)).build("t");
        CopyResult r = ImageCopyTest.copy(image.reference(), "oci:" + tmp.resolve("out") + ":t", CopyOptions.defaults());
        assertThat(r.digest()).hasToString(image.digest());
        assertThat(CopyOptions.defaults().verifyDiffIds()).isFalse();
    }

    @Test
    void theConfigIsFetchedOnceAndStoredFromTheBytesTheCheckRead() throws Exception {
        OciImage image = OciImages.builder(tmp.resolve("src")).layer(rootfs).build("t");
        Digest config = Digest.parse(image.configDigest());
        Map<Digest, Integer> opened = new ConcurrentHashMap<>();
        Path out = tmp.resolve("out");
        try (ImageSource src = new CountingSource(ImageSources.open(image.reference()), opened);
                ImageDestination dst = ImageDestinations.open("oci:" + out + ":t")) {
            CopyResult r = ImageCopy.copy(src, dst, VERIFY);
            assertThat(r.digest()).hasToString(image.digest());
        }

        assertThat(opened).containsEntry(config, 1);
        assertThat(Files.readAllBytes(out.resolve("blobs/sha256/" + config.hex())))
                .isEqualTo(Files.readAllBytes(tmp.resolve("src/blobs/sha256/" + config.hex())));
    }

    /** Delegates to a real source and counts the blobs opened. */
    private record CountingSource(ImageSource in, Map<Digest, Integer> opened) implements ImageSource {
        @Override
        public String describe() {
            return in.describe();
        }

        @Override
        public java.util.Optional<ImageReference> dockerReference() {
            return in.dockerReference();
        }

        @Override
        public ManifestBytes manifest(java.util.Optional<Digest> instance) throws java.io.IOException {
            return in.manifest(instance);
        }

        @Override
        public java.io.InputStream openBlob(Descriptor blob) throws java.io.IOException {
            opened.merge(blob.digest(), 1, Integer::sum);
            return in.openBlob(blob);
        }

        @Override
        public List<SignatureBlob> signatures(java.util.Optional<Digest> instance) throws java.io.IOException {
            return in.signatures(instance);
        }

        @Override
        public void close() throws java.io.IOException {
            in.close();
        }
    }

    private static void assertNotTagged(Path layout) throws Exception {
        Path index = layout.resolve("index.json");
        if (Files.exists(index)) {
            ImageIndex idx = ImageIndex.parse(ManifestBytes.of(Files.readAllBytes(index), MediaType.OCI_INDEX));
            assertThat(idx.manifests()).isEmpty();
        }
    }
}
