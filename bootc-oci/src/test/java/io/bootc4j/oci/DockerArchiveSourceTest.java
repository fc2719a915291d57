package io.bootc4j.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker save archives written by hand: compressed and repeated (symlinked) layers, several images. */
class DockerArchiveSourceTest {

    @TempDir
    Path tmp;

    static byte[] layerTar(String name, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(data.length);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static void put(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    Path archive(String manifestJson, byte[] config, byte[] l1, byte[] l2) throws IOException {
        Path file = tmp.resolve("save.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            put(tar, "manifest.json", manifestJson.getBytes(StandardCharsets.UTF_8));
            put(tar, "cfg.json", config);
            put(tar, "aaa/layer.tar", gzip(l1));
            put(tar, "bbb/layer.tar", l2);
            TarArchiveEntry link = new TarArchiveEntry("ccc/layer.tar", TarConstants.LF_SYMLINK);
            link.setLinkName("../aaa/layer.tar");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        return file;
    }

    @Test
    void generatesASchema2ManifestOfUncompressedDiffIdsAndServesDecompressedLayers() throws Exception {
        byte[] l1 = layerTar("a", "first");
        byte[] l2 = layerTar("b", "second");
        Digest d1 = Digest.sha256(l1);
        Digest d2 = Digest.sha256(l2);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + d1 + "\",\"" + d2 + "\",\"" + d1 + "\"]}}").getBytes(StandardCharsets.UTF_8);
        Path file = archive("[{\"Config\":\"cfg.json\",\"RepoTags\":[\"acme/os:1\"],"
                + "\"Layers\":[\"aaa/layer.tar\",\"bbb/layer.tar\",\"ccc/layer.tar\"]},"
                + "{\"Config\":\"cfg.json\",\"RepoTags\":[\"acme/os:2\"],\"Layers\":[\"ccc/layer.tar\",\"bbb/layer.tar\",\"aaa/layer.tar\"]}]",
                config, l1, l2);
        String expected = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length
                + ",\"digest\":\"" + Digest.sha256(config) + "\"},\"layers\":["
                + "{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":" + l1.length + ",\"digest\":\"" + d1 + "\"},"
                + "{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":" + l2.length + ",\"digest\":\"" + d2 + "\"},"
                + "{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":" + l1.length + ",\"digest\":\"" + d1 + "\"}]}";
        try (ImageSource src = ImageSources.open("docker-archive:" + file + ":acme/os:2")) {
            ManifestBytes m = src.manifest(Optional.empty());
            assertThat(m.text()).isEqualTo(expected);
            assertThat(src.dockerReference()).contains(ImageReference.parse("acme/os:2"));
            Manifest parsed = Manifest.parse(m);
            try (InputStream in = src.openBlob(parsed.layers().get(0))) {
                assertThat(in.readAllBytes()).isEqualTo(l1);
            }
            try (InputStream in = src.openBlob(parsed.config())) {
                assertThat(in.readAllBytes()).isEqualTo(config);
            }
        }
        try (ImageSource src = ImageSources.open("docker-archive:" + file + ":@0")) {
            assertThat(src.dockerReference()).contains(ImageReference.parse("acme/os:1"));
        }
        assertThatThrownBy(() -> ImageSources.open("docker-archive:" + file))
                .isInstanceOf(OciException.class).hasMessageContaining("holds 2 images");
    }

    @Test
    void aLayerCountMismatchIsAFormatError() throws Exception {
        byte[] l1 = layerTar("a", "x");
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digest.sha256(l1) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        Path file = archive("[{\"Config\":\"cfg.json\",\"Layers\":[\"aaa/layer.tar\",\"bbb/layer.tar\"]}]", config, l1, l1);
        assertThatThrownBy(() -> ImageSources.open("docker-archive:" + file)).isInstanceOf(ManifestFormatException.class)
                .hasMessageContaining("inconsistent layer count: 2 in manifest.json, 1 in the config");
    }

    @Test
    void aLayerPathEscapingTheArchiveIsRefused() throws Exception {
        byte[] l1 = layerTar("a", "x");
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digest.sha256(l1) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        Path file = archive("[{\"Config\":\"cfg.json\",\"Layers\":[\"../../etc/passwd\"]}]", config, l1, l1);
        assertThatThrownBy(() -> ImageSources.open("docker-archive:" + file)).isInstanceOf(IOException.class)
                .hasMessageContaining("path \"../../etc/passwd\" contains \"..\"");
    }
}
