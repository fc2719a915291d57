package io.bootc4j.bench;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.ContentHasher;
import io.bootc4j.ostree.FileHeader;
import io.bootc4j.ostree.Xattrs;
import io.bootc4j.ostree.internal.nativeio.Sha256;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Content checksum throughput of one thread: {@link ContentHasher} over a file object of
 * {@code size} bytes held in memory (header + content, as {@code ostree_checksum_file_from_input}
 * hashes it; it uses libcrypto when available, see {@code Sha256.implementation()}), next to bare
 * SHA-256 over the same bytes: the JDK's {@code MessageDigest} ({@code jdkSha256}), libcrypto fed
 * from a heap array ({@code opensslSha256Heap}, copied in 256 KiB pieces into native memory) and
 * libcrypto over a direct buffer ({@code opensslSha256Direct}, hashed in place, as fsck does). Secondary
 * results: {@code bytes} is the throughput in bytes per second of wall time; {@code cpuMBps} is
 * MB (10^6 bytes) per second of the benchmark thread's own CPU time, which stays meaningful when
 * other processes compete for the cores (wall-time throughput then falls, CPU-time throughput
 * does not). JMH sums event counters over the measured iterations, so the summary table's
 * {@code cpuMBps} is {@code Cnt} times the per-iteration figure: read the per-iteration lines, or
 * divide by {@code Cnt}.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ContentChecksum -p size=67108864</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ContentChecksumBenchmark {

    /** 4 KiB, 64 KiB, 1 MiB, 16 MiB, 64 MiB. */
    @Param({"4096", "65536", "1048576", "16777216", "67108864"})
    public int size;

    /** Counts the bytes hashed (JMH reports them per second) and the thread's CPU time spent. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;
        private long cpuStart;
        private long total;
        private long ops;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
            total = 0;
            ops = 0;
            cpuStart = THREADS.getCurrentThreadCpuTime();
        }

        void add(int n, CpuRate rate) {
            bytes += n;
            total += n;
            // reading the thread CPU clock costs about a microsecond: sample it, not every call
            if ((++ops & 0xff) == 0 || n >= 1 << 20) {
                long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
                if (cpu > 0) {
                    rate.cpuMBps = total * 1e3 / cpu;
                }
            }
        }
    }

    /** MB per second of thread CPU time over the iteration so far (last sample). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuRate {
        public double cpuMBps;

        @Setup(Level.Iteration)
        public void reset() {
            cpuMBps = 0;
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private byte[] content;
    private FileHeader header;
    private ContentHasher hasher;
    private MessageDigest sha256;
    private Sha256 openssl;
    private ByteBuffer direct;

    @Setup(Level.Trial)
    public void setUp() throws NoSuchAlgorithmException {
        content = new byte[size];
        new SplittableRandom(42).nextBytes(content);
        header = FileHeader.regularFile(0, 0, 0644, Xattrs.EMPTY);
        hasher = ContentHasher.begin(header);
        sha256 = MessageDigest.getInstance("SHA-256");
        if (!Sha256.implementation().equals("openssl")) {
            throw new IllegalStateException("libcrypto SHA-256 is not available here");
        }
        openssl = Sha256.create();
        direct = ByteBuffer.allocateDirect(size);
        direct.put(content).flip();
    }

    @Benchmark
    public Checksum contentHasher(Bytes counter, CpuRate rate) {
        Checksum c = hasher.restart(header).update(content, 0, content.length).finish();
        counter.add(content.length, rate);
        return c;
    }

    @Benchmark
    public byte[] jdkSha256(Bytes counter, CpuRate rate) {
        sha256.update(content, 0, content.length);
        counter.add(content.length, rate);
        return sha256.digest();
    }

    @Benchmark
    public byte[] opensslSha256Heap(Bytes counter, CpuRate rate) {
        openssl.update(content, 0, content.length);
        counter.add(content.length, rate);
        return openssl.digest();
    }

    @Benchmark
    public byte[] opensslSha256Direct(Bytes counter, CpuRate rate) {
        openssl.update(direct.clear());
        counter.add(size, rate);
        return openssl.digest();
    }
}
