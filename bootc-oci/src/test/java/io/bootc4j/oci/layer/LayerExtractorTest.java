package io.bootc4j.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.oci.Digest;
import io.bootc4j.oci.UnsafeLayerEntryException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerExtractorTest {

    @TempDir
    Path tmp;
    Path root;
    Path outside;

    @BeforeEach
    void dirs() throws IOException {
        root = Files.createDirectory(tmp.resolve("root"));
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret\n");
    }

    @AfterEach
    void nothingEscapedTheRoot() throws IOException {
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("secret");
        }
        assertThat(Files.readString(outside.resolve("secret"))).isEqualTo("secret\n");
    }

    static Optional<Digest> digest(byte[] blob) {
        return Optional.of(Digest.sha256(blob));
    }

    LayerExtractor.Result apply(LayerExtractor x, byte[] blob) throws IOException {
        return x.apply(new ByteArrayInputStream(blob), digest(blob));
    }

    @Test
    void appliesAStackWithWhiteoutsAndOpaqueDirectories() throws Exception {
        LayerExtractor x = LayerExtractor.into(root).build();
        byte[] base = TarBuilder.gzip(new TarBuilder().dir("etc").file("etc/passwd", "root\n").file("etc/group", "g\n")
                .dir("var").file("var/a", "a").dir("var/sub").file("var/sub/b", "b").dir("usr").dir("usr/bin")
                .file("usr/bin/tool", "v1").symlink("bin", "usr/bin").hardlink("usr/bin/tool-link", "usr/bin/tool").tar());
        LayerExtractor.Result r = apply(x, base);
        assertThat(r.compression()).isEqualTo(Compression.GZIP);
        assertThat(Files.readString(root.resolve("bin/tool"))).isEqualTo("v1");
        assertThat(Files.isSameFile(root.resolve("usr/bin/tool"), root.resolve("usr/bin/tool-link"))).isTrue();

        byte[] top = TarBuilder.zstd(new TarBuilder().file("etc/.wh.group", "").file("var/new", "n")
                .file("var/.wh..wh..opq", "").file("usr/bin/tool", "v2").tar());
        apply(x, top);
        assertThat(root.resolve("etc/group")).doesNotExist();
        assertThat(root.resolve("etc/.wh.group")).doesNotExist();
        assertThat(root.resolve("etc/passwd")).exists();
        try (Stream<Path> s = Files.list(root.resolve("var"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("new");
        }
        assertThat(Files.readString(root.resolve("usr/bin/tool"))).isEqualTo("v2");
        assertThat(Files.readString(root.resolve("usr/bin/tool-link"))).isEqualTo("v1");
    }

    @Test
    void reportsTheDiffIdAndAppliesModes() throws Exception {
        byte[] tar = new TarBuilder().file("x", "1").tar();
        LayerExtractor.Result r = apply(LayerExtractor.into(root).build(), tar);
        assertThat(r.diffId()).isEqualTo(Digest.sha256(tar));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("x")))).isEqualTo("rw-r--r--");
    }

    @Test
    void dotDotEntryIsRefused() {
        byte[] blob = new TarBuilder().file("../outside/pwned", "x").tar();
        assertThatThrownBy(() -> apply(LayerExtractor.into(root).build(), blob))
                .isInstanceOf(UnsafeLayerEntryException.class)
                .hasMessage("layer " + digest(blob).get() + " entry \"../outside/pwned\": path escapes the root through \"..\"");
    }

    @Test
    void absoluteEntryIsRefused() {
        byte[] blob = new TarBuilder().file(outside.resolve("pwned").toString(), "x").tar();
        assertThatThrownBy(() -> apply(LayerExtractor.into(root).build(), blob))
                .isInstanceOf(UnsafeLayerEntryException.class).hasMessageContaining(": absolute path");
    }

    @Test
    void writingThroughASymlinkStaysInsideTheRoot() throws Exception {
        byte[] blob = new TarBuilder().symlink("evil", outside.toString()).file("evil/pwned", "x")
                .symlink("rel", "../../../../../../" + outside).file("rel/pwned2", "y").tar();
        apply(LayerExtractor.into(root).build(), blob);
        Path inside = root.resolve(outside.toString().substring(1));
        assertThat(Files.readString(inside.resolve("pwned"))).isEqualTo("x");
        assertThat(Files.readString(inside.resolve("pwned2"))).isEqualTo("y");
        assertThat(Files.isSymbolicLink(root.resolve("evil"))).isTrue();
    }

    @Test
    void aSymlinkAsFinalComponentIsReplacedNotFollowed() throws Exception {
        byte[] blob = new TarBuilder().symlink("s", outside.resolve("secret").toString()).file("s", "replaced").tar();
        apply(LayerExtractor.into(root).build(), blob);
        assertThat(Files.isSymbolicLink(root.resolve("s"))).isFalse();
        assertThat(Files.readString(root.resolve("s"))).isEqualTo("replaced");
    }

    @Test
    void hardlinkToOutsideIsRefused() throws Exception {
        byte[] viaDots = new TarBuilder().hardlink("h", "../outside/secret").tar();
        assertThatThrownBy(() -> apply(LayerExtractor.into(root).build(), viaDots))
                .isInstanceOf(UnsafeLayerEntryException.class).hasMessageContaining("entry \"h\": link target");
        byte[] viaSymlink = new TarBuilder().symlink("evil", outside.toString()).hardlink("h", "evil/secret").tar();
        assertThatThrownBy(() -> apply(LayerExtractor.into(root).build(), viaSymlink))
                .isInstanceOf(UnsafeLayerEntryException.class)
                .hasMessageContaining("entry \"h\": hardlink target \"evil/secret\" does not exist in the root");
        byte[] absolute = new TarBuilder().hardlink("h2", outside.resolve("secret").toString()).tar();
        assertThatThrownBy(() -> apply(LayerExtractor.into(root).build(), absolute))
                .isInstanceOf(UnsafeLayerEntryException.class).hasMessageContaining("absolute path");
        assertThat(Files.getAttribute(outside.resolve("secret"), "unix:nlink", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1);
    }

    @Test
    void whiteoutOfDotDotIsRefused() {
        byte[] blob = new TarBuilder().dir("a").file("a/.wh...", "").tar();
        assertThatThrownBy(() -> apply(LayerExtractor.into(root).build(), blob))
                .isInstanceOf(UnsafeLayerEntryException.class).hasMessageContaining("invalid whiteout of \"..\"");
        assertThat(root.getParent().resolve("outside")).exists();
    }

    @Test
    void whiteoutThroughASymlinkDeletesOnlyInsideTheRoot() throws Exception {
        byte[] blob = new TarBuilder().symlink("evil", outside.toString()).file("evil/.wh.secret", "").tar();
        apply(LayerExtractor.into(root).build(), blob);
        assertThat(outside.resolve("secret")).exists();
    }

    @Test
    void gzipBombOverTheStackLimitIsRefused() {
        byte[] bomb = TarBuilder.gzip(new TarBuilder().file("zeros", new byte[4 << 20]).tar());
        assertThatThrownBy(() -> apply(LayerExtractor.into(root).limits(LayerLimits.DEFAULT.withMaxUncompressedBytes(1 << 20))
                .build(), bomb)).isInstanceOf(UnsafeLayerEntryException.class).hasMessageContaining("entry \"zeros\"");
    }

    @Test
    void limitsAccumulateAcrossTheLayersOfAStack() throws Exception {
        LayerExtractor x = LayerExtractor.into(root).limits(LayerLimits.DEFAULT.withMaxEntries(3)).build();
        apply(x, new TarBuilder().file("a", "").file("b", "").tar());
        assertThatThrownBy(() -> apply(x, new TarBuilder().file("c", "").file("d", "").tar()))
                .isInstanceOf(UnsafeLayerEntryException.class).hasMessageContaining("more than 1 entries");
    }

    @Test
    void aFileParentIsNotTraversed() {
        byte[] blob = new TarBuilder().file("f", "x").file("f/child", "y").tar();
        assertThatThrownBy(() -> apply(LayerExtractor.into(root).build(), blob))
                .isInstanceOf(UnsafeLayerEntryException.class).hasMessageContaining("parent \"f\" is not a directory");
    }

    @Test
    void leavesNoTempFilesBehind() throws Exception {
        apply(LayerExtractor.into(root).build(), new TarBuilder().dir("d").file("d/f", "x").tar());
        try (Stream<Path> s = Files.walk(root)) {
            assertThat(s.map(p -> root.relativize(p).toString()).toList()).containsExactlyInAnyOrder("", "d", "d/f");
        }
        assertThat(List.of(Files.readString(root.resolve("d/f"), StandardCharsets.UTF_8))).containsExactly("x");
    }
}
