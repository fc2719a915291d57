package io.bootc4j.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.oci.CorruptLayerException;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.UnsafeLayerEntryException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayerReaderTest {

    static final Optional<Digest> LAYER = Optional.of(Digest.sha256("layer".getBytes(StandardCharsets.UTF_8)));

    static byte[] sample() {
        return new TarBuilder().dir("./usr/").dir("usr/bin").file("usr/bin/hello", "hi\n").symlink("bin", "usr/bin")
                .hardlink("usr/bin/hello2", "usr/bin/hello").file("etc/.wh.passwd", "").file("var/.wh..wh..opq", "")
                .file("var/.wh..wh.plnk", "").tar();
    }

    static List<LayerEntry> entries(byte[] blob) throws IOException {
        List<LayerEntry> out = new ArrayList<>();
        try (LayerReader r = LayerReader.open(new ByteArrayInputStream(blob), LAYER)) {
            Optional<LayerEntry> e;
            while ((e = r.next()).isPresent()) {
                out.add(e.get());
            }
        }
        return out;
    }

    @Test
    void exposesEntriesWithNormalisedNamesAndDecodedWhiteouts() throws Exception {
        List<LayerEntry> es = entries(sample());
        assertThat(es).extracting(LayerEntry::path).containsExactly("usr", "usr/bin", "usr/bin/hello", "bin",
                "usr/bin/hello2", "etc/passwd", "var");
        assertThat(es).extracting(LayerEntry::type).containsExactly(LayerEntry.Type.DIRECTORY, LayerEntry.Type.DIRECTORY,
                LayerEntry.Type.FILE, LayerEntry.Type.SYMLINK, LayerEntry.Type.HARDLINK, LayerEntry.Type.WHITEOUT,
                LayerEntry.Type.OPAQUE_WHITEOUT);
        assertThat(es.get(0).rawName()).isEqualTo("./usr/");
        assertThat(es.get(3).linkTarget()).contains("usr/bin");
        assertThat(es.get(2).size()).isEqualTo(3);
        assertThat(es.get(2).mode()).isEqualTo(0644);
    }

    @ParameterizedTest
    @CsvSource({"NONE", "GZIP", "ZSTD"})
    void computesTheDiffIdOfTheUncompressedTarWhateverTheCompression(Compression c) throws Exception {
        byte[] tar = sample();
        byte[] blob = switch (c) {
            case NONE -> tar;
            case GZIP -> TarBuilder.gzip(tar);
            case ZSTD -> TarBuilder.zstd(tar);
        };
        try (LayerReader r = LayerReader.open(new ByteArrayInputStream(blob), LAYER)) {
            assertThat(r.compression()).isEqualTo(c);
            assertThat(r.next()).isPresent();
            assertThat(r.diffId()).isEqualTo(Digest.sha256(tar));
            assertThat(r.uncompressedBytes()).isEqualTo(tar.length);
        }
    }

    @Test
    void fileContentIsStreamedPerEntry() throws Exception {
        try (LayerReader r = LayerReader.open(new ByteArrayInputStream(TarBuilder.gzip(sample())), LAYER)) {
            while (r.next().map(e -> !e.path().equals("usr/bin/hello")).orElse(false)) {
                // advance
            }
            assertThat(new String(r.content().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hi\n");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "../x                 | path escapes the root through \"..\"",
        "a/../../x            | path escapes the root through \"..\"",
        "/etc/passwd          | absolute path",
        "dir/.wh...           | invalid whiteout of \"..\"",
        "dir/.wh..            | invalid whiteout of \".\"",
        ".wh.                 | invalid whiteout of \"\"",
    })
    void hostileNamesAreRefusedNamingLayerAndEntry(String name, String reason) {
        byte[] blob = new TarBuilder().file(name, "x").tar();
        assertThatThrownBy(() -> entries(blob)).isInstanceOfSatisfying(UnsafeLayerEntryException.class, e -> {
            assertThat(e.entryName()).isEqualTo(name);
            assertThat(e.layer()).isEqualTo(LAYER);
            assertThat(e).hasMessage("layer " + LAYER.get() + " entry \"" + name + "\": " + reason);
        });
    }

    @Test
    void hardlinkTargetsWithDotDotAreRefused() {
        byte[] blob = new TarBuilder().hardlink("x", "../../etc/shadow").tar();
        assertThatThrownBy(() -> entries(blob)).isInstanceOf(UnsafeLayerEntryException.class)
                .hasMessageEndingWith("entry \"x\": link target \"../../etc/shadow\": path escapes the root through \"..\"");
    }

    @Test
    void gzipBombOverTheLimitIsStoppedWhileReading() {
        byte[] bomb = TarBuilder.gzip(new TarBuilder().file("zeros", new byte[8 << 20]).tar());
        assertThat(bomb.length).isLessThan(64 << 10);
        LayerLimits limits = LayerLimits.DEFAULT.withMaxUncompressedBytes(1 << 20);
        assertThatThrownBy(() -> {
            try (LayerReader r = LayerReader.open(new ByteArrayInputStream(bomb), LAYER, limits)) {
                r.diffId();
            }
        }).isInstanceOf(UnsafeLayerEntryException.class).hasMessageContaining("entry \"zeros\"")
                .hasMessageContaining("more than 1048576 uncompressed bytes");
    }

    @Test
    void tooManyEntriesAreRefused() {
        TarBuilder b = new TarBuilder();
        for (int i = 0; i < 20; i++) {
            b.file("f" + i, "");
        }
        byte[] blob = b.tar();
        assertThatThrownBy(() -> {
            try (LayerReader r = LayerReader.open(new ByteArrayInputStream(blob), LAYER, LayerLimits.DEFAULT.withMaxEntries(10))) {
                r.diffId();
            }
        }).isInstanceOf(UnsafeLayerEntryException.class).hasMessageContaining("more than 10 entries");
    }

    @Test
    void truncatedGzipFailsAsCorruptNamingTheLayer() {
        byte[] gz = TarBuilder.gzip(new TarBuilder().file("a", new byte[100_000]).file("b", "x").tar());
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        assertThatThrownBy(() -> entries(cut)).isInstanceOf(CorruptLayerException.class)
                .hasMessageStartingWith("layer " + LAYER.get() + ": corrupt or truncated tar+gzip stream");
    }

    @Property(tries = 200)
    void arbitraryBytesFailOnlyWithDocumentedExceptions(@ForAll @Size(max = 2048) byte[] junk) {
        try {
            entries(junk);
        } catch (UnsafeLayerEntryException | CorruptLayerException expected) {
            assertThat(expected).hasMessageContaining(LAYER.get().toString());
        } catch (IOException other) {
            throw new AssertionError("undocumented exception " + other, other);
        }
    }
}
