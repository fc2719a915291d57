package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import io.bootc4j.testing.ProcessResult;
import io.bootc4j.testing.TestTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * bootc4j and the real {@code ostree} 2022.7 binary read each other's repositories and compute
 * the same commit checksums, in every repository mode (bare too: these tests run as root).
 */
@Interop("ostree")
class RepoOstreeInteropTest {

    private static final Instant TIME = Instant.ofEpochSecond(1_700_000_000L);

    @TempDir
    Path tmp;

    /** One source tree for the whole class: generating it (4 MiB file, 40 levels) dominates otherwise. */
    @TempDir
    static Path shared;

    private static Path source;

    private static synchronized Path sourceTree() {
        if (source == null) {
            source = TestTrees.everyKind(shared.resolve("src"), 42);
        }
        return source;
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    @ParameterizedTest
    @EnumSource(value = RepoMode.class, names = {"BARE", "BARE_USER", "BARE_USER_ONLY", "ARCHIVE"})
    void treeCommittedByBootc4jPassesOstreeFsckAndChecksOutEqualToTheSource(RepoMode mode) throws Exception {
        Path src = sourceTree();
        Path repoDir = tmp.resolve("repo");
        Checksum commit;
        try (Repo repo = Repo.create(repoDir, mode); RepoTransaction tx = repo.newTransaction(false)) {
            commit = tx.commit(CommitSpec.fromDirectory(src).subject("from bootc4j").timestamp(TIME).build());
            tx.setRef("main", commit);
            tx.complete();
        }
        OstreeCli ostree = new OstreeCli(repoDir);
        ProcessResult fsck = ostree.run("fsck");
        fsck.assertSuccess();
        assertThat(ostree.run("rev-parse", "main").assertSuccess().stdout().strip()).isEqualTo(commit.toString());
        Path theirs = tmp.resolve("theirs");
        boolean user = mode == RepoMode.BARE_USER || mode == RepoMode.BARE_USER_ONLY;
        if (user) {
            ostree.run("checkout", "-U", "main", theirs.toString()).assertSuccess();
        } else {
            ostree.run("checkout", "main", theirs.toString()).assertSuccess();
        }
        assertCheckoutsAgree(repoDir, mode, src, theirs, false);
    }

    /**
     * {@code theirs} is ostree's checkout of {@code main} (user mode for the bare-user modes; a copy
     * (-C) checkout when {@code theirsCopied}). bootc4j's checkout in the same mode must equal it;
     * where the mode keeps everything, both must equal the source tree. Directory times follow
     * ostree's: the epoch for every directory a checkout creates, except in a copy checkout.
     */
    private void assertCheckoutsAgree(Path repoDir, RepoMode mode, Path src, Path theirs, boolean theirsCopied)
            throws Exception {
        boolean user = mode == RepoMode.BARE_USER || mode == RepoMode.BARE_USER_ONLY;
        Path ours = tmp.resolve("ours-checkout");
        FileTime epoch = FileTime.fromMillis(0);
        assertThat(directoryTimes(theirs)).as("ostree's directory times").allSatisfy((dir, time) -> {
            if (theirsCopied) {
                assertThat(time).as(dir).isNotEqualTo(epoch);
            } else {
                assertThat(time).as(dir).isEqualTo(epoch);
            }
        });
        try (Repo repo = Repo.open(repoDir)) {
            repo.checkout("main", ours, CheckoutOptions.defaults()
                    .withMode(user ? CheckoutOptions.Mode.USER : CheckoutOptions.Mode.NONE));
            TestTrees.assertSameTree(theirs, ours);
            assertThat(directoryTimes(ours)).as("directory times").isNotEmpty().allSatisfy((dir, time) ->
                    assertThat(time).as(dir).isEqualTo(epoch));
            Path copied = tmp.resolve("ours-copy");
            repo.checkout("main", copied, CheckoutOptions.defaults().withLink(CheckoutOptions.Link.COPY)
                    .withMode(user ? CheckoutOptions.Mode.USER : CheckoutOptions.Mode.NONE));
            assertThat(directoryTimes(copied)).as("directory times of a copy").isNotEmpty().allSatisfy((dir, time) ->
                    assertThat(time).as(dir).isNotEqualTo(epoch));
            if (mode == RepoMode.BARE_USER) {
                // ostree's -U checkout hard-links, so its files carry the objects' user.ostreemeta; a copy does not
                TestTrees.assertSameTree(theirs, copied, TestTrees.Compare.IGNORE_XATTRS);
            } else {
                TestTrees.assertSameTree(theirs, copied);
            }
            if (!user) {
                TestTrees.assertSameTree(src, ours);
                TestTrees.assertSameTree(src, copied);
            } else if (mode == RepoMode.BARE_USER) {
                // as root, a non-user checkout of a bare-user repo restores owners, setuid bits and xattrs
                Path full = tmp.resolve("full-checkout");
                repo.checkout("main", full, CheckoutOptions.defaults());
                TestTrees.assertSameTree(src, full);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = RepoMode.class, names = {"BARE", "BARE_USER", "BARE_USER_ONLY", "ARCHIVE"})
    void repoCommittedByOstreeIsReadCheckedOutAndFsckedByBootc4j(RepoMode mode) throws Exception {
        Path src = sourceTree();
        Path repoDir = tmp.resolve("repo");
        OstreeCli ostree = new OstreeCli(repoDir).init(mode.configName());
        String commit = lastLine(ostree.run("commit", "--fsync=false", "-b", "os/main", "--tree=dir=" + src, "-s", "by ostree",
                "--timestamp=@" + TIME.getEpochSecond()).assertSuccess().stdout());
        try (Repo repo = Repo.open(repoDir)) {
            assertThat(repo.mode()).isEqualTo(mode);
            assertThat(repo.resolveRev("os/main")).hasToString(commit);
            assertThat(repo.readCommit(Checksum.parse(commit)).subject()).isEqualTo("by ostree");
            assertThat(repo.fsck().isClean()).isTrue();
        }
        Path theirs = tmp.resolve("theirs");
        boolean user = mode == RepoMode.BARE_USER || mode == RepoMode.BARE_USER_ONLY;
        ostree.run("checkout", user ? "-U" : "-C", "os/main", theirs.toString()).assertSuccess();
        new OstreeCli(repoDir).run("refs", "--create=main", commit).assertSuccess();
        assertCheckoutsAgree(repoDir, mode, src, theirs, !user);
    }

    @ParameterizedTest
    @EnumSource(value = RepoMode.class, names = {"BARE", "BARE_USER", "BARE_USER_ONLY", "ARCHIVE"})
    void sameTreeTimestampSubjectAndBranchGiveTheSameCommitChecksumAsOstree(RepoMode mode) throws Exception {
        Path src = sourceTree();
        OstreeCli ostree = new OstreeCli(tmp.resolve("theirs")).init(mode.configName());
        String theirs = lastLine(ostree.run("commit", "--fsync=false", "-b", "main", "--tree=dir=" + src, "-s", "same",
                "--timestamp=@" + TIME.getEpochSecond()).assertSuccess().stdout());
        try (Repo repo = Repo.create(tmp.resolve("ours"), mode); RepoTransaction tx = repo.newTransaction(false)) {
            Checksum ours = tx.commit(CommitSpec.fromDirectory(src).subject("same").timestamp(TIME)
                    .refBindings(List.of("main")).build());
            tx.complete();
            assertThat(ours).hasToString(theirs);
        }
        assertThat(Files.exists(tmp.resolve("ours/objects"))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = RepoMode.class, names = {"BARE", "BARE_USER_ONLY"})
    void symlinkTargetsAreStoredAndCheckedOutByteForByteEvenWhenNotNormalised(RepoMode mode) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("links"));
        String[] targets = {"a//b/", "./x", "../../y/", "/abs//path/."};
        for (int i = 0; i < targets.length; i++) {
            io.bootc4j.testing.Processes.run(List.of("ln", "-s", targets[i], src.resolve("l" + i).toString())).assertSuccess();
        }
        OstreeCli ostree = new OstreeCli(tmp.resolve("theirs")).init(mode.configName());
        String theirs = lastLine(ostree.run("commit", "--fsync=false", "-b", "main", "--tree=dir=" + src,
                "--timestamp=@" + TIME.getEpochSecond()).assertSuccess().stdout());
        Path out = tmp.resolve("out");
        try (Repo repo = Repo.create(tmp.resolve("ours"), mode); RepoTransaction tx = repo.newTransaction(false)) {
            Checksum ours = tx.commit(CommitSpec.fromDirectory(src).timestamp(TIME).refBindings(List.of("main")).build());
            tx.setRef("main", ours);
            tx.complete();
            assertThat(ours).hasToString(theirs);
            repo.checkout("main", out, CheckoutOptions.defaults().withMode(
                    mode == RepoMode.BARE ? CheckoutOptions.Mode.NONE : CheckoutOptions.Mode.USER));
        }
        new OstreeCli(tmp.resolve("ours")).run("fsck").assertSuccess();
        for (int i = 0; i < targets.length; i++) {
            String raw = io.bootc4j.testing.Processes.run(List.of("readlink", out.resolve("l" + i).toString()))
                    .assertSuccess().stdout();
            assertThat(raw).isEqualTo(targets[i] + "\n");
        }
    }

    /** The modification time of {@code root} and of every directory below it, by relative path. */
    private static Map<String, FileTime> directoryTimes(Path root) throws IOException {
        Map<String, FileTime> times = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    times.put("/" + root.relativize(p), Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
                }
            }
        }
        return times;
    }
}
