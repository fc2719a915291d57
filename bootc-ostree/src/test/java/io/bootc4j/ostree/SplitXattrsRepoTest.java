package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.ostree.internal.nativeio.LinuxFiles;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import io.bootc4j.testing.TestTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading {@code bare-split-xattrs} repositories. ostree 2022.7 cannot write a correct one, so the
 * fixture is made here: a bare repository whose file xattrs are moved into {@code .file-xattrs}
 * objects with {@code .file-xattrs-link} hardlinks, as the format describes.
 */
class SplitXattrsRepoTest {

    @TempDir
    Path tmp;

    private Path src;
    private Checksum commit;

    private Path splitRepo() throws IOException {
        src = TestTrees.everyKind(tmp.resolve("src"), 3);
        Path dir = tmp.resolve("repo");
        try (Repo repo = Repo.create(dir, RepoMode.BARE); RepoTransaction tx = repo.newTransaction(false)) {
            commit = tx.commit(CommitSpec.fromDirectory(src).build());
            tx.setRef("main", commit);
            tx.complete();
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir.resolve("objects"))) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".file")).toList();
        }
        for (Path f : files) {
            Xattrs x = io.bootc4j.ostree.internal.FsEntry.readXattrs(f);
            byte[] bytes = x.serialize();
            String hex = Checksum.sha256(bytes).toString();
            Path xobj = dir.resolve("objects/" + hex.substring(0, 2) + "/" + hex.substring(2) + ".file-xattrs");
            Files.createDirectories(xobj.getParent());
            if (!Files.exists(xobj)) {
                Files.write(xobj, bytes);
            }
            String name = f.getFileName().toString();
            Files.createLink(f.resolveSibling(name.substring(0, name.length() - ".file".length()) + ".file-xattrs-link"), xobj);
            if (!Files.isSymbolicLink(f)) {
                for (Xattrs.Xattr e : x.entries()) {
                    LinuxFiles.removeXattr(f, e.name());
                }
            }
        }
        Files.writeString(dir.resolve("config"), "[core]\nrepo_version=1\nmode=bare-split-xattrs\n");
        return dir;
    }

    @Test
    void aSplitXattrsRepoIsReadFsckedAndCheckedOutWithItsXattrs() throws IOException {
        Path dir = splitRepo();
        try (Repo repo = Repo.open(dir)) {
            assertThat(repo.mode()).isEqualTo(RepoMode.BARE_SPLIT_XATTRS);
            assertThat(repo.fsck().problems()).isEmpty();
            repo.checkout("main", tmp.resolve("out"), CheckoutOptions.defaults());
        }
        TestTrees.assertSameTree(src, tmp.resolve("out"));
    }

    @Test
    void writingToASplitXattrsRepoIsRefusedNamingTheMode() throws IOException {
        Path dir = splitRepo();
        List<Path> before;
        try (Stream<Path> s = Files.walk(dir)) {
            before = s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
        try (Repo repo = Repo.open(dir)) {
            assertThatThrownBy(repo::newTransaction).isInstanceOf(RepoConfigException.class)
                    .hasMessageContaining("bare-split-xattrs");
        }
        assertThatThrownBy(() -> Repo.create(tmp.resolve("new"), RepoMode.BARE_SPLIT_XATTRS))
                .isInstanceOf(RepoConfigException.class).hasMessageContaining("read-only");
        try (Stream<Path> s = Files.walk(dir)) {
            assertThat(s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()).isEqualTo(before);
        }
    }

    @Test
    @Interop("ostree")
    void ostreeChecksOutTheFixtureExactlyAsBootc4jDoes() throws IOException {
        Path dir = splitRepo();
        new OstreeCli(dir).run("checkout", "main", tmp.resolve("theirs").toString()).assertSuccess();
        try (Repo repo = Repo.open(dir)) {
            repo.checkout("main", tmp.resolve("ours"), CheckoutOptions.defaults());
        }
        TestTrees.assertSameTree(tmp.resolve("theirs"), tmp.resolve("ours"));
        TestTrees.assertSameTree(src, tmp.resolve("theirs"));
    }
}
