package io.bootc4j.testing;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real tools unpack what OciImages writes into exactly the tree it was built from. */
class OciImagesInteropTest {

    @TempDir
    Path dir;

    @Test
    @Interop("umoci")
    void umociUnpacksAGzipLayerIntoTheSourceTree() {
        Path tree = TestTrees.everyKind(dir.resolve("tree"), 5);
        OciImages.fromDirectory(tree, dir.resolve("layout"), "v1");

        Processes.run(List.of("umoci", "unpack", "--image", dir.resolve("layout") + ":v1", dir.resolve("bundle").toString()))
                .assertSuccess();

        TestTrees.assertSameTree(tree, dir.resolve("bundle/rootfs"));
    }

    @Test
    @Interop({"umoci", "skopeo"})
    void skopeoRecompressesAZstdLayerThatUmociThenUnpacks() {
        Path tree = TestTrees.everyKind(dir.resolve("tree"), 6);
        OciImage zstd = OciImages.builder(dir.resolve("layout")).layer(tree)
                .compression(OciImages.Compression.ZSTD).build("z");

        new Skopeo().copy(zstd.reference(), "oci:" + dir.resolve("gzip") + ":g",
                "--dest-compress-format=gzip", "--dest-compress").assertSuccess();
        Processes.run(List.of("umoci", "unpack", "--image", dir.resolve("gzip") + ":g", dir.resolve("bundle").toString()))
                .assertSuccess();

        TestTrees.assertSameTree(tree, dir.resolve("bundle/rootfs"));
    }
}
