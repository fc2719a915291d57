package io.bootc4j.bench;

import io.bootc4j.ostree.CheckoutOptions;
import java.io.IOException;
import java.nio.file.Path;
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
 * {@code ostree checkout -H} ({@code link=hardlink}) and {@code -C} ({@code link=copy}) of the
 * committed benchmark tree into a fresh directory per iteration (the previous checkout is deleted
 * in the untimed setup). See {@link CommittedTree} for the repository mode.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CheckoutBenchmark -p link=copy</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class CheckoutBenchmark {

    @Param({BenchTree.SYNTHETIC})
    public String tree;

    @Param({"hardlink", "copy"})
    public String link;

    private CommittedTree committed;
    private CheckoutOptions options;
    private Path dest;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        committed = CommittedTree.commit(tree);
        CheckoutOptions.Link l = switch (link) {
            case "hardlink" -> CheckoutOptions.Link.REQUIRE_HARDLINKS;
            case "copy" -> CheckoutOptions.Link.COPY;
            default -> throw new IllegalArgumentException("-p link=" + link + ": expected hardlink or copy");
        };
        options = CheckoutOptions.defaults().withLink(l)
                .withMode(BenchTree.runningAsRoot() ? CheckoutOptions.Mode.NONE : CheckoutOptions.Mode.USER);
        dest = committed.bench().scratch("checkout");
    }

    @Setup(Level.Iteration)
    public void removeCheckout() throws IOException {
        BenchTree.deleteRecursively(dest);
    }

    @Benchmark
    public Path checkout() throws IOException {
        committed.repo().checkout(CommittedTree.REF, dest, options);
        return dest;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        committed.close();
    }
}
