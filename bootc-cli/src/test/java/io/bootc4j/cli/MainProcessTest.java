package io.bootc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.testing.OciImage;
import io.bootc4j.testing.OciImages;
import io.bootc4j.testing.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command as a process: {@code main} sets its process defaults and binds natives on a second
 * thread while the command line is parsed; these runs go through that path, which
 * {@link Main#run} (used by the other tests) skips.
 */
class MainProcessTest {

    @TempDir
    Path dir;

    @Test
    void ostreeCommandsRunToTheEndThroughMain() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/usr/bin"));
        Files.writeString(tree.resolve("hello"), "hello\n");
        Path repo = dir.resolve("repo");

        bootc4j("ostree", "--repo=" + repo, "init", "--mode=bare-user");
        String commit = bootc4j("ostree", "--repo=" + repo, "commit", "-b", "main",
                "--tree=dir=" + dir.resolve("tree")).strip();
        bootc4j("ostree", "--repo=" + repo, "checkout", "-U", "-H", "main", dir.resolve("out").toString());
        String fsck = bootc4j("ostree", "--repo=" + repo, "fsck");

        assertThat(commit).matches("[0-9a-f]{64}");
        assertThat(Files.readString(dir.resolve("out/usr/bin/hello"))).isEqualTo("hello\n");
        assertThat(fsck).contains("1 commit");
    }

    @Test
    void imageCopyRunsThroughMainWhileItsDigestProviderIsBoundBesideIt() throws Exception {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("hostname"), "box\n");
        OciImage image = OciImages.builder(dir.resolve("layout")).layer(dir.resolve("rootfs")).build("v1");

        String out = bootc4j("image", "copy", "--insecure-policy", image.reference(), "oci:" + dir.resolve("copy") + ":v1");

        assertThat(out.strip()).endsWith(image.digest());
        assertThat(dir.resolve("copy/blobs/sha256/" + image.layers().get(0).digest().substring("sha256:".length())))
                .isRegularFile();
    }

    @Test
    void aUsageErrorExitsWithTwoAndTheUsageLine() {
        ProcessResult r = run("image", "copy", "oci:only-one");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().lines().toList()).containsExactly(
                "error: Missing required parameter: 'DEST'",
                "Usage: bootc4j image copy [OPTIONS] SRC DEST",
                "Try 'bootc4j image copy --help' for more information.");
    }

    @Test
    void aFailingCommandStillExitsNonZeroWithOneLine() {
        ProcessResult r = run("ostree", "--repo=" + dir.resolve("missing"), "fsck");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr().strip()).startsWith("error: ").doesNotContain("\n");
    }

    private static String bootc4j(String... args) {
        return run(args).assertSuccess().stdout();
    }

    private static ProcessResult run(String... args) {
        return ChildJvm.run(List.of(), Main.class, List.of(args));
    }
}
