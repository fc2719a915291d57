package io.bootc4j.bench;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.CommitSpec;
import io.bootc4j.ostree.Repo;
import io.bootc4j.ostree.RepoMode;
import io.bootc4j.ostree.RepoTransaction;
import java.io.IOException;
import java.time.Instant;

/**
 * A benchmark tree committed once into a repository under the scratch directory, for the
 * benchmarks that read a repository (checkout, fsck). As root the repository is {@code bare} and
 * checkouts keep owners (what {@code ostree checkout} does as root); otherwise it is
 * {@code bare-user} and checkouts are {@code -U}.
 */
final class CommittedTree implements AutoCloseable {

    static final String REF = "bench";

    private final BenchTree bench;
    private final Repo repo;
    private final Checksum commit;

    private CommittedTree(BenchTree bench, Repo repo, Checksum commit) {
        this.bench = bench;
        this.repo = repo;
        this.commit = commit;
    }

    static CommittedTree commit(String treeParam) throws IOException {
        BenchTree bench = BenchTree.open(treeParam);
        try {
            RepoMode mode = BenchTree.runningAsRoot() ? RepoMode.BARE : RepoMode.BARE_USER;
            Repo repo = Repo.create(bench.scratch("repo"), mode);
            Checksum c;
            try (RepoTransaction tx = repo.newTransaction(false)) {
                c = tx.commit(CommitSpec.fromDirectory(bench.tree()).subject("bench")
                        .timestamp(Instant.ofEpochSecond(1_700_000_000)).build());
                tx.setRef(REF, c);
                tx.complete();
            }
            return new CommittedTree(bench, repo, c);
        } catch (IOException | RuntimeException e) {
            bench.close();
            throw e;
        }
    }

    BenchTree bench() {
        return bench;
    }

    Repo repo() {
        return repo;
    }

    Checksum commit() {
        return commit;
    }

    @Override
    public void close() throws IOException {
        try {
            repo.close();
        } finally {
            bench.close();
        }
    }
}
