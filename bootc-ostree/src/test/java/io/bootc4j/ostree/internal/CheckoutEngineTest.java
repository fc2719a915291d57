package io.bootc4j.ostree.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.CheckoutOptions;
import io.bootc4j.ostree.CommitSpec;
import io.bootc4j.ostree.DirTree;
import io.bootc4j.ostree.ObjectName;
import io.bootc4j.ostree.ObjectNotFoundException;
import io.bootc4j.ostree.ObjectType;
import io.bootc4j.ostree.Repo;
import io.bootc4j.ostree.RepoMode;
import io.bootc4j.ostree.RepoTransaction;
import io.bootc4j.testing.TestTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parallel checkout: same tree, same first error and same union results as one worker. */
class CheckoutEngineTest {

    private static final int DIRS = 8;
    private static final int FILES = 5;

    @TempDir
    Path tmp;

    /** {@code d0..d7}, each with files {@code f0..f4} of distinct content and a subdirectory {@code sub/x}. */
    private Repo committedTree(RepoMode mode) throws IOException {
        Path src = tmp.resolve("src");
        for (int d = 0; d < DIRS; d++) {
            Files.createDirectories(src.resolve("d" + d + "/sub"));
            for (int f = 0; f < FILES; f++) {
                Files.writeString(src.resolve("d" + d + "/f" + f), "dir " + d + " file " + f + "\n");
            }
            Files.writeString(src.resolve("d" + d + "/sub/x"), "x of " + d + "\n");
            Files.setPosixFilePermissions(src.resolve("d" + d), PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        Files.writeString(src.resolve("top"), "top\n");
        Repo repo = Repo.create(tmp.resolve("repo"), mode);
        try (RepoTransaction tx = repo.newTransaction()) {
            tx.setRef("main", tx.commit(CommitSpec.fromDirectory(src).build()));
            tx.complete();
        }
        return repo;
    }

    private void checkout(Repo repo, RepoMode mode, Path dest, CheckoutOptions options, int workers) throws IOException {
        new CheckoutEngine(repo, new LooseObjects(tmp.resolve("repo"), mode), options, workers)
                .checkout(repo.resolveRev("main"), dest);
    }

    private Path objectOf(Repo repo, String dir, String file) throws IOException {
        DirTree root = repo.readDirTree(repo.readCommit(repo.resolveRev("main")).rootTree());
        Checksum tree = root.dirs().stream().filter(d -> d.name().equals(dir)).findFirst().orElseThrow().tree();
        if (file == null) {
            return new LooseObjects(tmp.resolve("repo"), RepoMode.BARE).path(new ObjectName(tree, ObjectType.DIR_TREE));
        }
        Checksum content = repo.readDirTree(tree).files().stream().filter(f -> f.name().equals(file)).findFirst().orElseThrow().content();
        return new LooseObjects(tmp.resolve("repo"), RepoMode.BARE).path(new ObjectName(content, ObjectType.FILE));
    }

    @Test
    void fourWorkersHardLinkTheSameTreeOneWorkerWrites() throws IOException {
        try (Repo repo = committedTree(RepoMode.BARE)) {
            CheckoutOptions hardlinks = CheckoutOptions.defaults().withLink(CheckoutOptions.Link.REQUIRE_HARDLINKS);
            checkout(repo, RepoMode.BARE, tmp.resolve("one"), hardlinks, 1);
            checkout(repo, RepoMode.BARE, tmp.resolve("four"), hardlinks, 4);
            TestTrees.assertSameTree(tmp.resolve("src"), tmp.resolve("four"));
            TestTrees.assertSameTree(tmp.resolve("one"), tmp.resolve("four"));
            assertThat(Files.getAttribute(tmp.resolve("four/d3/f2"), "unix:ino"))
                    .isEqualTo(Files.getAttribute(tmp.resolve("one/d3/f2"), "unix:ino"));
        }
    }

    @Test
    void missingObjectsInSeveralWorkersReportTheFirstOneInWalkOrder() throws IOException {
        try (Repo repo = committedTree(RepoMode.BARE)) {
            Files.delete(objectOf(repo, "d2", "f3"));
            Files.delete(objectOf(repo, "d6", "f0"));
            Path one = tmp.resolve("one");
            Throwable single = catchThrowable(() -> checkout(repo, RepoMode.BARE, one, CheckoutOptions.defaults(), 1));
            assertThat(single).isInstanceOf(ObjectNotFoundException.class).hasMessageContaining(one.resolve("d2/f3").toString());
            for (int run = 0; run < 5; run++) {
                Path dest = tmp.resolve("four-" + run);
                Throwable parallel = catchThrowable(() -> checkout(repo, RepoMode.BARE, dest, CheckoutOptions.defaults(), 4));
                assertThat(parallel).isInstanceOf(ObjectNotFoundException.class);
                assertThat(parallel.getMessage().replace(dest.toString(), one.toString())).isEqualTo(single.getMessage());
            }
            Path copied = tmp.resolve("copied");
            assertThatThrownBy(() -> checkout(repo, RepoMode.BARE, copied,
                    CheckoutOptions.defaults().withLink(CheckoutOptions.Link.COPY), 2))
                    .isInstanceOf(ObjectNotFoundException.class).hasMessageContaining(copied.resolve("d2/f3").toString());
        }
    }

    @Test
    void aDirectoryWhoseTreeIsMissingStopsTheCheckoutBeforeAnyParentGetsItsMode() throws IOException {
        try (Repo repo = committedTree(RepoMode.BARE)) {
            Files.delete(objectOf(repo, "d1", null));
            Throwable single = catchThrowable(() -> checkout(repo, RepoMode.BARE, tmp.resolve("one"), CheckoutOptions.defaults(), 1));
            assertThat(single).isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("dirtree");
            assertThat(tmp.resolve("one/d1")).doesNotExist();
            assertThat(tmp.resolve("one/d2")).as("the single-thread walk stops at d1").doesNotExist();
            Path dest = tmp.resolve("four");
            assertThatThrownBy(() -> checkout(repo, RepoMode.BARE, dest, CheckoutOptions.defaults(), 4))
                    .isInstanceOf(ObjectNotFoundException.class).hasMessage(single.getMessage());
            assertThat(dest.resolve("d1")).doesNotExist();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dest)))
                    .as("the root keeps its private mode: its metadata step comes after the failure").isEqualTo("rwx------");
        }
    }

    @Test
    void aCorruptSubdirectoryTreeFailsTheCheckoutNamingTheObjectOnOneOrFourWorkers() throws IOException {
        try (Repo repo = committedTree(RepoMode.ARCHIVE)) {
            Path dirtree = objectOf(repo, "d5", null);
            byte[] bytes = Files.readAllBytes(dirtree);
            bytes[bytes.length / 2] ^= 0x20;
            Files.write(dirtree, bytes);
            String name = dirtree.getParent().getFileName() + dirtree.getFileName().toString().replace(".dirtree", "");
            for (int workers : new int[] {1, 4}) {
                Path dest = tmp.resolve("w" + workers);
                assertThatThrownBy(() -> checkout(repo, RepoMode.ARCHIVE, dest, CheckoutOptions.defaults(), workers))
                        .isInstanceOf(io.bootc4j.ostree.CorruptObjectException.class).hasMessageContaining(name + ".dirtree");
                assertThat(dest.resolve("d5")).doesNotExist();
            }
        }
    }

    @Test
    void unionOnFourWorkersReplacesFilesAndUnionAddKeepsThem() throws IOException {
        try (Repo repo = committedTree(RepoMode.BARE_USER_ONLY)) {
            Path dest = tmp.resolve("dest");
            Files.createDirectories(dest.resolve("d4/sub"));
            Files.writeString(dest.resolve("d4/f1"), "local\n");
            Files.writeString(dest.resolve("d4/sub/x"), "local x\n");
            Files.writeString(dest.resolve("mine"), "kept\n");
            CheckoutOptions user = CheckoutOptions.defaults().withMode(CheckoutOptions.Mode.USER);
            assertThatThrownBy(() -> checkout(repo, RepoMode.BARE_USER_ONLY, dest, user, 4))
                    .isInstanceOf(java.nio.file.FileAlreadyExistsException.class).hasMessageContaining(dest.toString());
            checkout(repo, RepoMode.BARE_USER_ONLY, dest, user.withOverwrite(CheckoutOptions.Overwrite.ADD_FILES), 4);
            assertThat(Files.readString(dest.resolve("d4/f1"))).isEqualTo("local\n");
            assertThat(Files.readString(dest.resolve("d4/sub/x"))).isEqualTo("local x\n");
            assertThat(Files.readString(dest.resolve("d5/f1"))).isEqualTo("dir 5 file 1\n");
            checkout(repo, RepoMode.BARE_USER_ONLY, dest, user.withOverwrite(CheckoutOptions.Overwrite.UNION_FILES), 4);
            assertThat(Files.readString(dest.resolve("d4/f1"))).isEqualTo("dir 4 file 1\n");
            assertThat(Files.readString(dest.resolve("d4/sub/x"))).isEqualTo("x of 4\n");
            assertThat(Files.readString(dest.resolve("mine"))).isEqualTo("kept\n");
            assertThat(Files.getAttribute(dest.resolve("d5/f1"), "unix:nlink")).as("hard-linked from the repository").isEqualTo(2);
        }
    }

    @Test
    void laterFailuresNeverReplaceAnEarlierOneInWalkOrder() {
        CheckoutTask.Failures failures = new CheckoutTask.Failures();
        IOException inSecondDir = new IOException("second dir, file 0");
        failures.record(new int[] {3}, 0, inSecondDir);
        failures.record(new int[] {3, 2}, -1, new IOException("inside it, later"));
        assertThat(failures.after(new int[] {3}, 1)).isTrue();
        assertThat(failures.after(new int[] {2, 7}, 4)).as("an earlier directory keeps going").isFalse();
        assertThat(failures.after(new int[] {3}, -1)).as("the failing directory's own start").isFalse();
        IOException earlier = new IOException("first dir, file 4");
        failures.record(new int[] {2}, 4, earlier);
        assertThatThrownBy(failures::rethrow).isSameAs(earlier);
    }
}
