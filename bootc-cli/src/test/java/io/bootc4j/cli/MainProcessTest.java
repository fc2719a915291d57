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

    @Test
    void underAnAsciiLocaleANameBeyondItIsRefusedWithTheRemedyNotWrittenAsQuestionMarks() throws Exception {
        java.nio.file.Path src = java.nio.file.Files.createDirectories(dir.resolve("src"));
        java.nio.file.Files.writeString(src.resolve("caf\u00e9"), "x\n");
        java.nio.file.Path repo = dir.resolve("repo");
        bootc4j("ostree", "init", "--repo=" + repo, "--mode=bare-user-only");
        bootc4j("ostree", "commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + src);
        java.util.Map<String, String> ascii = java.util.Map.of("LC_ALL", "C", "LANG", "C");
        ProcessResult checkout = ChildJvm.run(ascii, List.of(), Main.class,
                List.of("ostree", "checkout", "--repo=" + repo, "-U", "main", dir.resolve("out").toString()));
        assertThat(checkout.exitCode()).isEqualTo(1);
        assertThat(checkout.stderr()).contains("file name encoding").contains("LC_ALL=C.UTF-8");
        try (var listed = java.nio.file.Files.list(dir.resolve("out"))) {
            assertThat(listed.map(p -> p.getFileName().toString())).as("no caf? written instead").isEmpty();
        }
        ProcessResult commit = ChildJvm.run(ascii, List.of(), Main.class,
                List.of("ostree", "commit", "--repo=" + repo, "-b", "again", "--tree=dir=" + src));
        assertThat(commit.exitCode()).isEqualTo(1);
        assertThat(commit.stderr()).contains("not valid UTF-8").contains("LC_ALL=C.UTF-8");
    }

    private static String bootc4j(String... args) {
        return run(args).assertSuccess().stdout();
    }

    private static ProcessResult run(String... args) {
        return ChildJvm.run(List.of(), Main.class, List.of(args));
    }
}
