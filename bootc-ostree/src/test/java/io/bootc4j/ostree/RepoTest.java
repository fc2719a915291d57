package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.testing.TestTrees;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State tests of the repository layer on real temporary directories. */
class RepoTest {

    @TempDir
    Path tmp;

    private Path repoDir() {
        return tmp.resolve("repo");
    }

    @AfterEach
    void noStagingDirectoryOrTempFileIsLeftBehind() throws IOException {
        Path t = repoDir().resolve("tmp");
        if (Files.isDirectory(t)) {
            try (Stream<Path> s = Files.list(t)) {
                assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("staging-"));
            }
        }
    }

    private Path smallTree() throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("usr/lib"));
        Files.writeString(src.resolve("usr/lib/os-release"), "ID=test\n");
        Files.writeString(src.resolve("empty"), "");
        Files.createSymbolicLink(src.resolve("lib"), Path.of("usr/lib"));
        return src;
    }

    private static List<Path> objects(Path repo) throws IOException {
        try (Stream<Path> s = Files.walk(repo.resolve("objects"))) {
            return s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }

    @Test
    void createLaysOutTheRepositoryLikeOstreeInit() throws IOException {
        try (Repo repo = Repo.create(repoDir(), RepoMode.BARE_USER)) {
            assertThat(repo.mode()).isEqualTo(RepoMode.BARE_USER);
        }
        for (String d : new String[] {"objects", "tmp", "extensions", "state", "refs/heads", "refs/remotes", "refs/mirrors"}) {
            assertThat(repoDir().resolve(d)).isDirectory();
        }
        assertThat(Files.readString(repoDir().resolve("config"))).isEqualTo("[core]\nrepo_version=1\nmode=bare-user\n");
    }

    @Test
    void createOverARepositoryOfAnotherModeFailsAndKeepsIt() throws IOException {
        Repo.create(repoDir(), RepoMode.ARCHIVE).close();
        assertThatThrownBy(() -> Repo.create(repoDir(), RepoMode.BARE)).isInstanceOf(RepoConfigException.class)
                .hasMessageContaining("archive-z2");
        assertThat(Repo.open(repoDir()).mode()).isEqualTo(RepoMode.ARCHIVE);
    }

    @Test
    void openOfAPlainDirectoryIsRepoNotFound() throws IOException {
        Files.createDirectories(tmp.resolve("plain"));
        assertThatThrownBy(() -> Repo.open(tmp.resolve("plain"))).isInstanceOf(RepoNotFoundException.class)
                .hasMessageContaining("plain").hasMessageContaining("objects");
    }

    @Test
    void nothingIsVisibleBeforeCompleteAndAnAbortLeavesTheRepoUnchanged() throws IOException {
        Path src = smallTree();
        try (Repo repo = Repo.create(repoDir(), RepoMode.BARE)) {
            try (RepoTransaction tx = repo.newTransaction()) {
                Checksum c = tx.commit(CommitSpec.fromDirectory(src).build());
                tx.setRef("main", c);
                assertThat(objects(repoDir())).isEmpty();
                assertThat(repo.hasObject(new ObjectName(c, ObjectType.COMMIT))).isFalse();
            }
            assertThat(objects(repoDir())).isEmpty();
            assertThat(repo.listRefs()).isEmpty();
        }
    }

    @Test
    void committingTheSameTreeTwiceRewritesNoObject() throws IOException {
        Path src = smallTree();
        Instant t = Instant.ofEpochSecond(1_600_000_000L);
        try (Repo repo = Repo.create(repoDir(), RepoMode.BARE_USER)) {
            Checksum first;
            try (RepoTransaction tx = repo.newTransaction()) {
                first = tx.commit(CommitSpec.fromDirectory(src).timestamp(t).build());
                tx.complete();
            }
            List<Path> before = objects(repoDir());
            Object inode = Files.getAttribute(before.get(0), "unix:ino");
            try (RepoTransaction tx = repo.newTransaction()) {
                assertThat(tx.commit(CommitSpec.fromDirectory(src).timestamp(t).build())).isEqualTo(first);
                tx.complete();
            }
            assertThat(objects(repoDir())).isEqualTo(before);
            assertThat(Files.getAttribute(before.get(0), "unix:ino")).isEqualTo(inode);
        }
    }

    @Test
    void aTarStreamCommitsToTheSameTreeAsTheDirectory() throws IOException {
        Path src = TestTrees.everyKind(tmp.resolve("every"), 11);
        Path tar = tmp.resolve("every.tar");
        io.bootc4j.testing.Processes.run(List.of("tar", "--xattrs", "--xattrs-include=user.*", "--numeric-owner",
                "-C", src.toString(), "-cf", tar.toString(), ".")).assertSuccess();
        try (Repo repo = Repo.create(repoDir(), RepoMode.ARCHIVE); RepoTransaction tx = repo.newTransaction()) {
            Checksum fromDir = tx.commit(CommitSpec.fromDirectory(src).timestamp(Instant.EPOCH).build());
            Checksum fromTar;
            try (var in = Files.newInputStream(tar)) {
                fromTar = tx.commit(CommitSpec.fromTar(in).timestamp(Instant.EPOCH).build());
            }
            tx.complete();
            assertThat(repo.diff(fromDir, fromTar).isEmpty()).as(repo.diff(fromDir, fromTar).toString()).isTrue();
            assertThat(fromTar).isEqualTo(fromDir);
        }
    }

    @Test
    void revisionsResolveByRefPrefixParentAndRemote() throws IOException {
        Path src = smallTree();
        try (Repo repo = Repo.create(repoDir(), RepoMode.BARE_USER_ONLY)) {
            Checksum a;
            Checksum b;
            try (RepoTransaction tx = repo.newTransaction()) {
                a = tx.commit(CommitSpec.fromDirectory(src).subject("a").build());
                b = tx.commit(CommitSpec.fromDirectory(src).subject("b").parent(a).build());
                tx.setRef("os/main", b);
                tx.setRef("origin:os/main", a);
                tx.complete();
            }
            assertThat(repo.resolveRev("os/main")).isEqualTo(b);
            assertThat(repo.resolveRev("os/main^")).isEqualTo(a);
            assertThat(repo.resolveRev(b.toString().substring(0, 12))).isEqualTo(b);
            assertThat(repo.resolveRev("origin:os/main")).isEqualTo(a);
            assertThat(repo.resolveRev("origin/os/main")).isEqualTo(a);
            assertThatThrownBy(() -> repo.resolveRev("os/main^^")).isInstanceOf(RefNotFoundException.class)
                    .hasMessageContaining("has no parent");
            assertThatThrownBy(() -> repo.resolveRev("nope")).isInstanceOf(RefNotFoundException.class)
                    .hasMessageContaining("\"nope\"");
            assertThat(repo.listRefs().keySet()).extracting(RefName::toString).containsExactly("os/main", "origin:os/main");
            assertThat(repo.deleteRef(RefName.parse("os/main"))).isTrue();
            assertThat(repo.tryResolveRev("os/main")).isEmpty();
        }
    }

    @Test
    void hardlinkCheckoutSharesInodesAndCopyDoesNot() throws IOException {
        Path src = smallTree();
        try (Repo repo = Repo.create(repoDir(), RepoMode.BARE); RepoTransaction tx = repo.newTransaction()) {
            tx.setRef("main", tx.commit(CommitSpec.fromDirectory(src).build()));
            tx.complete();
            repo.checkout("main", tmp.resolve("h"), CheckoutOptions.defaults().withLink(CheckoutOptions.Link.REQUIRE_HARDLINKS));
            repo.checkout("main", tmp.resolve("c"), CheckoutOptions.defaults().withLink(CheckoutOptions.Link.COPY));
            assertThat(Files.getAttribute(tmp.resolve("h/usr/lib/os-release"), "unix:nlink")).isEqualTo(2);
            assertThat(Files.getAttribute(tmp.resolve("c/usr/lib/os-release"), "unix:nlink")).isEqualTo(1);
            assertThat(Files.getAttribute(tmp.resolve("h/empty"), "unix:nlink")).as("empty files are copied").isEqualTo(1);
            TestTrees.assertSameTree(src, tmp.resolve("h"));
            TestTrees.assertSameTree(src, tmp.resolve("c"));
        }
    }

    @Test
    void unionReplacesFilesUnionAddKeepsThemAndSubpathChecksOutOneDirectory() throws IOException {
        Path src = smallTree();
        try (Repo repo = Repo.create(repoDir(), RepoMode.ARCHIVE); RepoTransaction tx = repo.newTransaction()) {
            tx.setRef("main", tx.commit(CommitSpec.fromDirectory(src).build()));
            tx.complete();
            Path dest = tmp.resolve("dest");
            Files.createDirectories(dest.resolve("usr/lib"));
            Files.writeString(dest.resolve("usr/lib/os-release"), "local\n");
            Files.writeString(dest.resolve("mine"), "kept\n");
            assertThatThrownBy(() -> repo.checkout("main", dest, CheckoutOptions.defaults()))
                    .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
            repo.checkout("main", dest, CheckoutOptions.defaults().withOverwrite(CheckoutOptions.Overwrite.ADD_FILES));
            assertThat(Files.readString(dest.resolve("usr/lib/os-release"))).isEqualTo("local\n");
            repo.checkout("main", dest, CheckoutOptions.defaults().withOverwrite(CheckoutOptions.Overwrite.UNION_FILES));
            assertThat(Files.readString(dest.resolve("usr/lib/os-release"))).isEqualTo("ID=test\n");
            assertThat(Files.readString(dest.resolve("mine"))).isEqualTo("kept\n");
            repo.checkout("main", tmp.resolve("sub"), CheckoutOptions.defaults().withSubpath("/usr/lib"));
            try (Stream<Path> s = Files.list(tmp.resolve("sub"))) {
                assertThat(s.map(p -> p.getFileName().toString())).containsExactly("os-release");
            }
        }
    }

    @Test
    void pruneWithDepthZeroKeepsOnlyTheRefHeads() throws IOException {
        Path src = smallTree();
        try (Repo repo = Repo.create(repoDir(), RepoMode.BARE_USER)) {
            Checksum a;
            Checksum b;
            try (RepoTransaction tx = repo.newTransaction()) {
                a = tx.commit(CommitSpec.fromDirectory(src).subject("a").build());
                Files.writeString(src.resolve("usr/lib/os-release"), "ID=changed\n");
                b = tx.commit(CommitSpec.fromDirectory(src).subject("b").parent(a).build());
                tx.setRef("main", b);
                tx.complete();
            }
            assertThat(repo.prune(PruneOptions.defaults()).objectsPruned()).isZero();
            PruneResult r = repo.prune(new PruneOptions(true, 0, false));
            // commit a, its os-release content, and the three dirtrees (/, /usr, /usr/lib) that held it
            assertThat(r.objectsPruned()).isEqualTo(5);
            assertThat(repo.hasObject(new ObjectName(a, ObjectType.COMMIT))).isFalse();
            assertThat(repo.fsck().isClean()).isTrue();
            repo.checkout("main", tmp.resolve("out"), CheckoutOptions.defaults().withMode(CheckoutOptions.Mode.USER));
            assertThat(Files.readString(tmp.resolve("out/usr/lib/os-release"))).isEqualTo("ID=changed\n");
        }
    }

    @Test
    void contentStreamsMustHaveTheirDeclaredSize() throws IOException {
        try (Repo repo = Repo.create(repoDir(), RepoMode.BARE_USER); RepoTransaction tx = repo.newTransaction()) {
            FileHeader h = FileHeader.regularFile(0, 0, 0644, Xattrs.EMPTY);
            assertThatThrownBy(() -> tx.writeContent(h, new ByteArrayInputStream(new byte[10]), 11))
                    .hasMessageContaining("10 of the declared 11");
            assertThatThrownBy(() -> tx.writeContent(h, new ByteArrayInputStream(new byte[10]), 9))
                    .hasMessageContaining("longer than the declared 9");
            assertThat(tx.writeContent(h, new ByteArrayInputStream("hi".getBytes(StandardCharsets.UTF_8)), 2))
                    .hasToString("2301b5923720c3edc1f0467addb5c287fd5559e3e0cd1396e7f1edb6b01be9f0");
        }
    }

    static byte[] tar(TarArchiveEntry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (TarArchiveEntry e : entries) {
                out.putArchiveEntry(e);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
