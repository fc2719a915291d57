package io.bootc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import io.bootc4j.testing.TestTrees;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OstreeCommandTest {

    @TempDir
    Path tmp;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String lastLine() {
        String[] lines = out.toString().strip().split("\n");
        return lines[lines.length - 1];
    }

    private Path smallTree() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("usr/bin"));
        Files.writeString(src.resolve("usr/bin/hello"), "#!/bin/sh\necho hi\n");
        Files.writeString(src.resolve("README"), "hello world\n");
        Files.createSymbolicLink(src.resolve("link"), Path.of("README"));
        return src;
    }

    @Test
    void commitPrintsTheChecksumThatRevParseLsLogShowAndCatThenRead() throws Exception {
        Path repo = tmp.resolve("repo");
        Path src = smallTree();
        assertThat(run("ostree", "--repo=" + repo, "init", "--mode=archive")).isZero();
        assertThat(Files.readString(repo.resolve("config"))).contains("mode=archive-z2");
        assertThat(run("ostree", "commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + src, "-s", "first",
                "--timestamp=2023-11-14T22:13:20Z", "--add-metadata-string=version=1.0")).as(err.toString()).isZero();
        String commit = lastLine();
        assertThat(commit).matches("[0-9a-f]{64}");

        assertThat(run("ostree", "rev-parse", "--repo=" + repo, "main")).isZero();
        assertThat(out.toString().strip()).isEqualTo(commit);

        assertThat(run("ostree", "--repo=" + repo, "ls", "-R", "main")).isZero();
        assertThat(out.toString()).contains("d00755 0 0      0 /\n").contains("/usr/bin/hello").contains("/link -> README");

        assertThat(run("ostree", "--repo=" + repo, "log", "main")).isZero();
        assertThat(out.toString()).startsWith("commit " + commit + "\n").contains("Date:  2023-11-14 22:13:20 +0000")
                .contains("Version: 1.0").contains("\n    first\n");

        assertThat(run("ostree", "--repo=" + repo, "show", commit.substring(0, 10))).isZero();
        assertThat(out.toString()).startsWith("commit " + commit);

        assertThat(run("ostree", "--repo=" + repo, "cat", "main", "/README")).isZero();
        assertThat(out.toString()).isEqualTo("hello world\n");

        assertThat(run("ostree", "--repo=" + repo, "refs")).isZero();
        assertThat(out.toString()).isEqualTo("main\n");

        assertThat(run("ostree", "--repo=" + repo, "fsck")).isZero();
    }

    @Test
    void secondCommitOnABranchHasTheFirstAsParentAndDiffShowsTheChange() throws Exception {
        Path repo = tmp.resolve("repo");
        Path src = smallTree();
        run("ostree", "--repo=" + repo, "init", "--mode=bare-user");
        run("ostree", "--repo=" + repo, "commit", "-b", "main", "--tree=dir=" + src);
        String first = lastLine();
        Files.writeString(src.resolve("README"), "changed\n");
        Files.writeString(src.resolve("NEW"), "new\n");
        Files.delete(src.resolve("link"));
        assertThat(run("ostree", "--repo=" + repo, "commit", "-b", "main", "--tree=dir=" + src)).isZero();
        String second = lastLine();
        assertThat(run("ostree", "--repo=" + repo, "rev-parse", "main^")).isZero();
        assertThat(out.toString().strip()).isEqualTo(first);
        assertThat(run("ostree", "--repo=" + repo, "diff", "main")).isZero();
        assertThat(out.toString()).isEqualTo("M    /README\nD    /link\nA    /NEW\n");
        assertThat(run("ostree", "--repo=" + repo, "diff", second, src.toString())).isZero();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void checkoutRefsDeleteAndPruneWorkLikeOstree() throws Exception {
        Path repo = tmp.resolve("repo");
        Path src = smallTree();
        run("ostree", "--repo=" + repo, "init", "--mode=bare-user-only");
        run("ostree", "--repo=" + repo, "commit", "-b", "main", "--tree=dir=" + src);
        Path dest = tmp.resolve("co");
        assertThat(run("ostree", "--repo=" + repo, "checkout", "-U", "--subpath=/usr", "main", dest.toString()))
                .as(err.toString()).isZero();
        assertThat(Files.readString(dest.resolve("bin/hello"))).startsWith("#!/bin/sh");
        assertThat(run("ostree", "--repo=" + repo, "refs", "--delete", "main")).isZero();
        assertThat(run("ostree", "--repo=" + repo, "prune", "--refs-only")).isZero();
        assertThat(out.toString()).startsWith("Total objects: ").contains("Deleted ");
        assertThat(run("ostree", "--repo=" + repo, "prune", "--refs-only")).isZero();
        assertThat(out.toString()).contains("No unreachable objects");
    }

    @Test
    void unknownModeAndMissingRefFailWithOneLineErrors() throws Exception {
        Path repo = tmp.resolve("repo");
        assertThat(run("ostree", "--repo=" + repo, "init", "--mode=bare-tar")).isEqualTo(2);
        assertThat(err.toString()).contains("bare-tar");
        run("ostree", "--repo=" + repo, "init");
        assertThat(run("ostree", "--repo=" + repo, "rev-parse", "nosuchref")).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: ").contains("nosuchref").doesNotContain("\tat ");
    }

    @Test
    @Interop("ostree")
    void bootc4jOstreeCommitPrintsTheSameChecksumAsOstreeCommit() throws Exception {
        Path src = TestTrees.everyKind(tmp.resolve("tree"), 7);
        for (String mode : new String[] {"bare", "bare-user", "bare-user-only", "archive"}) {
            Path theirs = tmp.resolve("theirs-" + mode);
            OstreeCli ostree = new OstreeCli(theirs).init(mode);
            String[] lines = ostree.run("commit", "-b", "os/x86_64/stable", "--tree=dir=" + src, "-s", "release 1",
                    "-m", "body text", "--timestamp=@1700000000", "--add-metadata-string=version=1.2")
                    .assertSuccess().stdout().strip().split("\n");
            Path ours = tmp.resolve("ours-" + mode);
            assertThat(run("ostree", "init", "--repo=" + ours, "--mode=" + mode)).isZero();
            assertThat(run("ostree", "commit", "--repo=" + ours, "-b", "os/x86_64/stable", "--tree=dir=" + src,
                    "-s", "release 1", "-m", "body text", "--timestamp=@1700000000", "--add-metadata-string=version=1.2",
                    "--fsync=false")).as(err.toString()).isZero();
            assertThat(lastLine()).as(mode).isEqualTo(lines[lines.length - 1]);
            new OstreeCli(ours).run("fsck").assertSuccess();
        }
    }

    @Test
    @Interop("ostree")
    void bootableCommitOfATarMatchesOstreeCommitOfTheSameTree() throws Exception {
        Path src = TestTrees.realisticOs(tmp.resolve("os"), 3);
        Path tar = tmp.resolve("os.tar");
        io.bootc4j.testing.Processes.run(java.util.List.of("tar", "--xattrs", "--numeric-owner", "-C", src.toString(),
                "-cf", tar.toString(), ".")).assertSuccess();
        OstreeCli ostree = new OstreeCli(tmp.resolve("theirs")).init("bare");
        String[] lines = ostree.run("commit", "-b", "os", "--tree=dir=" + src, "--bootable", "--timestamp=@1700000000")
                .assertSuccess().stdout().strip().split("\n");
        Path ours = tmp.resolve("ours");
        run("ostree", "init", "--repo=" + ours, "--mode=bare");
        assertThat(run("ostree", "commit", "--repo=" + ours, "-b", "os", "--tree=tar=" + tar, "--bootable",
                "--timestamp=@1700000000")).as(err.toString()).isZero();
        assertThat(lastLine()).isEqualTo(lines[lines.length - 1]);
        assertThat(new String(new OstreeCli(ours).run("show", "os").assertSuccess().stdout().getBytes(), StandardCharsets.UTF_8))
                .contains("commit " + lastLine());
    }

    @Test
    @Interop("ostree")
    void lsLogShowRefsAndDiffPrintWhatOstreePrints() throws Exception {
        Path repo = tmp.resolve("repo");
        Path src = smallTree();
        io.bootc4j.testing.TestTrees.setXattr(src.resolve("README"), "user.note", "hi");
        // GLib prints these as b'...', b"..." (an apostrophe inside), escaped octal, bare later elements, and drops "".
        io.bootc4j.testing.TestTrees.setXattr(src.resolve("README"), "user.quoted", "it's \"so\"\0");
        io.bootc4j.testing.TestTrees.setXattr(src.resolve("README"), "user.raw", "AB");
        io.bootc4j.testing.TestTrees.setXattr(src.resolve("usr/bin/hello"), "user.ctl", "\u0014\\\n\t\u00e9\0");
        io.bootc4j.testing.TestTrees.setXattr(src.resolve("usr/bin/hello"), "user.empty", "");
        io.bootc4j.testing.TestTrees.setXattr(src.resolve("usr/bin/hello"), "user.nul", "\0");
        OstreeCli ostree = new OstreeCli(repo).init("bare-user");
        ostree.run("commit", "-b", "main", "--tree=dir=" + src, "-s", "one", "-m", "line 1\nline 2",
                "--timestamp=@1700000000", "--add-metadata-string=version=42").assertSuccess();
        Files.writeString(src.resolve("README"), "changed\n");
        Files.createDirectories(src.resolve("new/sub"));
        Files.writeString(src.resolve("new/sub/f"), "f\n");
        Files.delete(src.resolve("link"));
        ostree.run("commit", "-b", "main", "--tree=dir=" + src, "-s", "two", "--timestamp=@1700000100").assertSuccess();
        String[][] commands = {
            {"ls", "-R", "-C", "-X", "main"}, {"ls", "main", "/usr"}, {"log", "main"}, {"show", "main^"}, {"refs"},
            {"diff", "main"}, {"diff", "main^", "main"}, {"rev-parse", "main^"}, {"cat", "main", "/README"}
        };
        for (String[] c : commands) {
            String[] rest = java.util.Arrays.copyOfRange(c, 1, c.length);
            String theirs = ostree.run(c[0], rest).assertSuccess().stdout();
            String[] ours = new String[c.length + 2];
            ours[0] = "ostree";
            ours[1] = c[0];
            ours[2] = "--repo=" + repo;
            System.arraycopy(rest, 0, ours, 3, rest.length);
            assertThat(run(ours)).as(err.toString()).isZero();
            assertThat(out.toString()).as(String.join(" ", c)).isEqualTo(theirs);
        }
    }
}
