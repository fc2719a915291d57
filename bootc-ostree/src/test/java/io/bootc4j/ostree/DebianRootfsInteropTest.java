package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import io.bootc4j.testing.TestTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3's real-world interop run on a debootstrap Debian 12 root filesystem (~600 MB, built
 * and cached outside the repository by {@code benchmarks/make-debian-tree.sh}). It takes minutes,
 * so it runs only when asked: {@code -Dbootc4j.debianTree=/var/cache/bootc4j/debian-bookworm}
 * (or {@code BOOTC4J_DEBIAN_TREE}); the tree must have its {@code .complete} marker.
 */
@Tag("slow")
@Interop("ostree")
class DebianRootfsInteropTest {

    @TempDir
    Path tmp;

    private static Path debianTree() {
        String p = System.getProperty("bootc4j.debianTree", System.getenv("BOOTC4J_DEBIAN_TREE"));
        Assumptions.assumeTrue(p != null && !p.isBlank(),
                "set -Dbootc4j.debianTree=DIR (see benchmarks/make-debian-tree.sh) to run the Debian root fs interop test");
        Path tree = Path.of(p);
        Assumptions.assumeTrue(Files.exists(Path.of(p + ".complete")), tree + ".complete missing: the tree is not built");
        return tree;
    }

    @Test
    void debianRootFilesystemCommitsToOstreesChecksumPassesOstreeFsckAndChecksOutIdentically() throws Exception {
        Path tree = debianTree();
        Instant t = Instant.ofEpochSecond(1_700_000_000L);
        OstreeCli theirs = new OstreeCli(tmp.resolve("theirs")).init("bare");
        String[] lines = theirs.run("commit", "--fsync=false", "-b", "debian", "--tree=dir=" + tree,
                "-s", "debian", "--timestamp=@" + t.getEpochSecond()).assertSuccess().stdout().strip().split("\n");
        Path ours = tmp.resolve("ours");
        Checksum commit;
        try (Repo repo = Repo.create(ours, RepoMode.BARE); RepoTransaction tx = repo.newTransaction(false)) {
            commit = tx.commit(CommitSpec.fromDirectory(tree).subject("debian").timestamp(t)
                    .refBindings(List.of("debian")).build());
            tx.setRef("debian", commit);
            tx.complete();
        }
        assertThat(commit).hasToString(lines[lines.length - 1]);
        new OstreeCli(ours).run("fsck").assertSuccess();
        try (Repo repo = Repo.open(ours)) {
            Path out = tmp.resolve("checkout");
            repo.checkout("debian", out, CheckoutOptions.defaults());
            TestTrees.assertSameTree(tree, out);
            assertThat(repo.diff(commit, out).isEmpty()).isTrue();
        }
    }
}
