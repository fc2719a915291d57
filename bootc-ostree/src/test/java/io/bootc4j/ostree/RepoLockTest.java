package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import io.bootc4j.testing.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository .lock: transactions share it, prune needs it alone, and ostree honours ours. */
class RepoLockTest {

    @TempDir
    Path tmp;

    private Path repoWithOneSecondLockTimeout() throws Exception {
        Path dir = tmp.resolve("repo");
        Repo.create(dir, RepoMode.BARE_USER).close();
        Files.writeString(dir.resolve("config"), "[core]\nrepo_version=1\nmode=bare-user\nlock-timeout-secs=1\n");
        return dir;
    }

    @Test
    void pruneWaitsForOpenTransactionsAndTimesOutNamingTheLockFile() throws Exception {
        Path dir = repoWithOneSecondLockTimeout();
        try (Repo repo = Repo.open(dir)) {
            RepoTransaction tx = repo.newTransaction();
            RepoTransaction tx2 = repo.newTransaction();
            try {
                CompletableFuture<PruneResult> prune = CompletableFuture.supplyAsync(() -> {
                    try {
                        return repo.prune(PruneOptions.defaults());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                assertThatThrownBy(prune::get).isInstanceOf(ExecutionException.class)
                        .cause().cause().isInstanceOf(RepoLockedException.class).hasMessageContaining(".lock");
            } finally {
                tx.close();
                tx2.close();
            }
            assertThat(repo.prune(PruneOptions.defaults()).objectsPruned()).isZero();
        }
    }

    @Test
    @Interop("ostree")
    void ostreePruneCannotRunWhileABootc4jTransactionIsOpen() throws Exception {
        Path dir = repoWithOneSecondLockTimeout();
        OstreeCli ostree = new OstreeCli(dir);
        try (Repo repo = Repo.open(dir)) {
            RepoTransaction tx = repo.newTransaction();
            try {
                ProcessResult blocked = ostree.run("prune", "--refs-only");
                assertThat(blocked.exitCode()).as(blocked.stderr()).isNotZero();
                assertThat(blocked.stderr()).containsIgnoringCase("lock");
            } finally {
                tx.close();
            }
        }
        ostree.run("prune", "--refs-only").assertSuccess();
    }
}
