package io.bootc4j.bench;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.CommitSpec;
import io.bootc4j.ostree.Repo;
import io.bootc4j.ostree.RepoMode;
import io.bootc4j.ostree.RepoTransaction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code ostree commit --fsync=false --tree=dir=TREE} through the library: one whole commit
 * (write every object, then publish and set the ref) into a fresh, empty repository per
 * iteration. {@code tree} is {@code synthetic} or the path of a directory, e.g.
 * {@code -p tree=/var/cache/bootc4j/debian-bookworm}; {@code mode} is the repository mode
 * ({@code bare} needs root: use {@code bare-user} otherwise).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CommitBenchmark -p mode=archive</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class CommitBenchmark {

    @Param({BenchTree.SYNTHETIC})
    public String tree;

    @Param({"bare", "archive"})
    public String mode;

    private BenchTree bench;
    private Path repoPath;
    private Repo repo;

    @Setup(Level.Trial)
    public void setUpTree() throws IOException {
        if (RepoMode.parse(mode) == RepoMode.BARE && !BenchTree.runningAsRoot()) {
            throw new IllegalStateException("-p mode=bare records owners and needs root; use -p mode=bare-user");
        }
        bench = BenchTree.open(tree);
        repoPath = bench.scratch("repo");
    }

    @Setup(Level.Iteration)
    public void freshRepo() throws IOException {
        BenchTree.deleteRecursively(repoPath);
        repo = Repo.create(repoPath, RepoMode.parse(mode));
    }

    @Benchmark
    public Checksum commit() throws IOException {
        try (RepoTransaction tx = repo.newTransaction(false)) {
            Checksum c = tx.commit(CommitSpec.fromDirectory(bench.tree()).subject("bench")
                    .timestamp(Instant.ofEpochSecond(1_700_000_000)).refBindings(java.util.List.of("bench")).build());
            tx.setRef("bench", c);
            tx.complete();
            return c;
        }
    }

    @TearDown(Level.Iteration)
    public void closeRepo() throws IOException {
        repo.close();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        bench.close();
    }
}
