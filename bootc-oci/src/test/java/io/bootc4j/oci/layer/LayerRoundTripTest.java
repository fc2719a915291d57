package io.bootc4j.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.oci.Descriptor;
import io.bootc4j.oci.ImageConfig;
import io.bootc4j.oci.ImageSource;
import io.bootc4j.oci.ImageSources;
import io.bootc4j.oci.Manifest;
import io.bootc4j.oci.MediaType;
import io.bootc4j.testing.OciImage;
import io.bootc4j.testing.OciImages;
import io.bootc4j.testing.TestTrees;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A tree with every file kind, written as a layer by the shared fixture, comes back identical. */
class LayerRoundTripTest {

    @TempDir
    Path tmp;

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @ParameterizedTest
    @EnumSource(value = OciImages.Compression.class)
    void everyKindOfEntrySurvivesLayerAndExtraction(OciImages.Compression compression) throws Exception {
        Path tree = TestTrees.everyKind(tmp.resolve("tree"));
        OciImage image = OciImages.builder(tmp.resolve("layout")).layer(tree).compression(compression).build("v1");
        Path root = Files.createDirectory(tmp.resolve("root"));
        try (ImageSource src = ImageSources.open(image.reference())) {
            Manifest m = Manifest.parse(src.manifest(Optional.empty()));
            ImageConfig config;
            try (InputStream in = src.openBlob(m.config())) {
                config = ImageConfig.parse(in.readAllBytes());
            }
            LayerExtractor x = LayerExtractor.into(root).preserveOwnership(isRoot()).build();
            Descriptor layer = m.layers().get(0);
            LayerExtractor.Result r;
            try (InputStream in = src.openBlob(layer)) {
                r = x.apply(in, Optional.of(layer.digest()));
            }
            assertThat(r.diffId()).isEqualTo(config.diffIds().get(0));
            assertThat(r.compression()).isEqualTo(Compression.ofMediaType(layer.mediaType()));
            assertThat(MediaType.isLayer(layer.mediaType())).isTrue();
        }
        if (isRoot()) {
            TestTrees.assertSameTree(tree, root);
        } else {
            TestTrees.assertSameTree(tree, root, TestTrees.Compare.IGNORE_OWNERSHIP);
        }
        assertThat(Files.isSameFile(root.resolve("hardlinks/first"), root.resolve("hardlinks-elsewhere/third"))).isTrue();
    }

    @Test
    void whiteoutsInAnUpperFixtureLayerDeleteLowerContent() throws Exception {
        Path lower = TestTrees.everyKind(tmp.resolve("lower"));
        Path upper = Files.createDirectories(tmp.resolve("upper/links"));
        Files.createFile(upper.resolve(".wh.dangling"));
        Files.createDirectories(tmp.resolve("upper/names"));
        Files.createFile(tmp.resolve("upper/names/.wh..wh..opq"));
        Files.writeString(tmp.resolve("upper/names/only"), "new");
        OciImage image = OciImages.builder(tmp.resolve("layout")).layer(lower).layer(tmp.resolve("upper")).build("v1");
        Path root = Files.createDirectory(tmp.resolve("root"));
        try (ImageSource src = ImageSources.open(image.reference())) {
            LayerExtractor x = LayerExtractor.into(root).build();
            for (Descriptor d : Manifest.parse(src.manifest(Optional.empty())).layers()) {
                try (InputStream in = src.openBlob(d)) {
                    x.apply(in, Optional.of(d.digest()));
                }
            }
        }
        assertThat(root.resolve("links/dangling")).doesNotExist();
        assertThat(root.resolve("links/relative")).isSymbolicLink();
        try (var s = Files.list(root.resolve("names"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("only");
        }
    }
}
