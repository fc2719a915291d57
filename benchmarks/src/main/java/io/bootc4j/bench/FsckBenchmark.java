package io.bootc4j.bench;

import io.bootc4j.ostree.FsckResult;
import java.io.IOException;
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
 * {@code ostree fsck} of a repository holding the committed benchmark tree: every object
 * re-hashed, every commit walked. Fails the run if the repository is not clean.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar FsckBenchmark -p tree=/var/cache/bootc4j/debian-bookworm</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class FsckBenchmark {

    @Param({BenchTree.SYNTHETIC})
    public String tree;

    private CommittedTree committed;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        committed = CommittedTree.commit(tree);
    }

    @Benchmark
    public FsckResult fsck() throws IOException {
        FsckResult r = committed.repo().fsck();
        if (!r.isClean()) {
            throw new IllegalStateException("fsck of the benchmark repository found problems: " + r.problems());
        }
        return r;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        committed.close();
    }
}
