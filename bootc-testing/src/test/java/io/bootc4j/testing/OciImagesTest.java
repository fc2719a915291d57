package io.bootc4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciImagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theSameTreeGivesTheSameDigestsInAnotherLayout() {
        OciImage first = OciImages.fromDirectory(TestTrees.everyKind(dir.resolve("a"), 11), dir.resolve("la"), "v1");
        OciImage second = OciImages.fromDirectory(TestTrees.everyKind(dir.resolve("b"), 11), dir.resolve("lb"), "v1");
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(second.layers()).isEqualTo(first.layers());
    }

    @Test
    void blobsMatchTheirDigestsAndTheConfigListsTheDiffIds() throws IOException {
        OciImage image = OciImages.fromDirectory(TestTrees.everyKind(dir.resolve("t"), 1), dir.resolve("l"), "v1");
        OciImage.Layer layer = image.layers().get(0);
        assertThat(sha256(image.blob(image.digest()))).isEqualTo(image.digest());
        assertThat(sha256(image.blob(layer.digest()))).isEqualTo(layer.digest());
        assertThat(Files.size(image.blob(layer.digest()))).isEqualTo(layer.size());
        JsonNode config = JSON.readTree(image.blob(image.configDigest()).toFile());
        assertThat(config.path("rootfs").path("diff_ids").get(0).asText()).isEqualTo(layer.diffId());
        try (InputStream in = new GZIPInputStream(Files.newInputStream(image.blob(layer.digest())))) {
            assertThat(sha256(in)).isEqualTo(layer.diffId());
        }
        JsonNode index = JSON.readTree(dir.resolve("l/index.json").toFile());
        assertThat(index.path("manifests").get(0).path("annotations").path("org.opencontainers.image.ref.name").asText())
                .isEqualTo("v1");
        assertThat(Files.readString(dir.resolve("l/oci-layout"))).contains("\"imageLayoutVersion\":\"1.0.0\"");
    }

    @Test
    void layerTarCarriesModesLinksXattrsAndByteOrderedNames() throws IOException {
        OciImage image = OciImages.fromDirectory(TestTrees.everyKind(dir.resolve("t"), 2), dir.resolve("l"), "v1");
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(Files.newInputStream(image.blob(image.layers().get(0).digest()))))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                entries.put(e.getName(), e);
            }
        }
        assertThat(entries.get("setuid-helper").getMode()).isEqualTo(04755);
        assertThat(entries.get("sticky-tmp/").getMode()).isEqualTo(01777);
        assertThat(entries.get("links/long-target").getLinkName()).hasSize(1000);
        assertThat(entries.get("links/dangling").isSymbolicLink()).isTrue();
        assertThat(entries.get("hardlinks/second").isLink()).isTrue();
        assertThat(entries.get("hardlinks/second").getLinkName()).isEqualTo("hardlinks/first");
        assertThat(entries.get("with-xattrs").getExtraPaxHeaders()).containsKey("SCHILY.xattr.user.bootc4j.test");
        assertThat(entries.get("dir-with-xattr/").getExtraPaxHeaders())
                .containsEntry("SCHILY.xattr.user.bootc4j.dir", "on a directory");
        assertThat(entries.keySet()).anyMatch(name -> name.endsWith("level39/bottom.txt"));
        List<String> names = entries.keySet().stream().filter(n -> n.startsWith("names/") && !n.equals("names/")).toList();
        assertThat(names).startsWith("names/B", "names/_x", "names/a");
        assertThat(names.get(names.size() - 1)).isEqualTo("names/ünïcødé-名前-🙂");
    }

    @Test
    void retaggingReplacesTheIndexEntryAndAnIndexListsItsPlatforms() throws IOException {
        Path tree = TestTrees.realisticContainerRootfs(dir.resolve("t"), 3);
        Path layout = dir.resolve("l");
        OciImages.fromDirectory(tree, layout, "v1");
        OciImage plain = OciImages.builder(layout).layer(tree).compression(OciImages.Compression.NONE)
                .label("org.example", "yes").build("v1");
        OciImage arm = OciImages.builder(layout).layer(tree).platform("linux", "arm64")
                .compression(OciImages.Compression.ZSTD).build(null);
        OciImage index = OciImages.index(layout, "all", List.of(plain, arm));

        JsonNode tags = JSON.readTree(layout.resolve("index.json").toFile()).path("manifests");
        assertThat(tags).hasSize(2);
        assertThat(tags.get(0).path("digest").asText()).isEqualTo(plain.digest());
        assertThat(tags.get(1).path("digest").asText()).isEqualTo(index.digest());
        assertThat(index.isIndex()).isTrue();
        assertThat(index.reference()).isEqualTo("oci:" + layout + ":all");
        assertThat(plain.layers().get(0).digest()).isEqualTo(plain.layers().get(0).diffId());
        assertThat(Files.readAllBytes(arm.blob(arm.layers().get(0).digest()))).startsWith(0x28, 0xb5, 0x2f, 0xfd);
        assertThatThrownBy(arm::reference).isInstanceOf(IllegalStateException.class).hasMessageContaining("no tag");
    }

    @Test
    void aMissingSourceDirectoryIsNamedInTheError() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> OciImages.fromDirectory(missing, dir.resolve("l"), "v1"))
                .isInstanceOf(UncheckedIOException.class)
                .hasRootCauseMessage("layer source " + missing + ": not a directory");
    }

    @Test
    void anIndexRefusesImagesFromAnotherLayout() {
        OciImage elsewhere = OciImages.fromDirectory(TestTrees.realisticOs(dir.resolve("t"), 1), dir.resolve("a"), "x");
        assertThatThrownBy(() -> OciImages.index(dir.resolve("b"), "i", List.of(elsewhere)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(dir.resolve("a").toString());
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
