package io.bootc4j.ostree.internal.nativeio;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.testing.Processes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** libcrypto's SHA-256 against the JDK's, byte for byte, however the input is cut and held. */
class Sha256Test {

    /** Lengths around SHA-256's 64-byte block and its 55/56-byte padding edge, and past the staging chunk. */
    @Provide
    Arbitrary<Integer> lengths() {
        int chunk = NativeSha256.CHUNK;
        return Arbitraries.oneOf(
                Arbitraries.of(0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 4095, 4096, 4097,
                        chunk - 1, chunk, chunk + 1, 2 * chunk + 13),
                Arbitraries.integers().between(0, 3 * chunk));
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static byte[] jdk(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    @Test
    void libcryptoLoadsAndPassesItsSelfTestWhereItIsInstalled() {
        boolean installed = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"))
                || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libcrypto.so.3"));
        assertThat(Sha256.nativeAvailable()).isEqualTo(installed);
        assertThat(Sha256.implementation()).isEqualTo(installed ? "openssl" : "jdk");
        assertThat(Sha256.create()).isInstanceOf(installed ? NativeSha256.class : JdkSha256.class);
    }

    @Test
    void bothImplementationsGiveTheFips180Vectors() {
        String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        String empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        String twoBlocks = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
        byte[] msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(StandardCharsets.US_ASCII);
        for (Sha256 s : List.of(Sha256.create(), Sha256.jdk())) {
            try (s) {
                assertThat(HexFormat.of().formatHex(s.digest("abc".getBytes(StandardCharsets.US_ASCII)))).as("%s", s).isEqualTo(abc);
                assertThat(HexFormat.of().formatHex(s.digest())).as("%s", s).isEqualTo(empty);
                assertThat(HexFormat.of().formatHex(s.digest(msg))).as("%s", s).isEqualTo(twoBlocks);
            }
        }
    }

    @Property(tries = 60)
    void heapBytesSplitAtArbitraryPointsHashAsTheJdkHashesTheWhole(@ForAll("lengths") int length,
            @ForAll @IntRange(min = 0, max = 1_000_000) int cut1, @ForAll @IntRange(min = 0, max = 1_000_000) int cut2,
            @ForAll long seed) throws Exception {
        byte[] data = random(length + 16, seed);
        int off = 16; // hash from a non-zero offset, so offsets are honoured
        int a = length == 0 ? 0 : cut1 % (length + 1);
        int b = a + (length - a == 0 ? 0 : cut2 % (length - a + 1));
        try (Sha256 s = Sha256.create()) {
            s.update(new byte[] {9, 9}, 0, 2).reset(); // discarded
            s.update(data, off, a).update(data, off + a, b - a).update(data, off + b, length - b);
            assertThat(s.digest()).isEqualTo(jdk(Arrays.copyOfRange(data, off, off + length)));
        }
    }

    @Property(tries = 60)
    void aWholeMessageIgnoresBytesGivenBeforeAndLeavesTheInstanceEmpty(@ForAll("lengths") int length,
            @ForAll @IntRange(min = 0, max = 300) int pending, @ForAll long seed) throws Exception {
        byte[] data = random(length, seed);
        byte[] before = random(pending, ~seed);
        try (Sha256 s = Sha256.create()) {
            s.update(before, 0, before.length); // discarded by digest(data)
            assertThat(s.digest(data)).isEqualTo(jdk(data));
            s.update(before, 0, before.length);
            assertThat(s.digest()).as("the next message starts empty").isEqualTo(jdk(before));
            assertThat(s.digest(data)).as("again, with nothing pending").isEqualTo(jdk(data));
        }
    }

    @Property(tries = 60)
    void directHeapAndReadOnlyBuffersHashAsTheJdkHashesTheirRemainingBytes(@ForAll("lengths") int length,
            @ForAll @IntRange(min = 0, max = 100) int position, @ForAll @IntRange(min = 0, max = 1_000_000) int cut,
            @ForAll long seed) throws Exception {
        byte[] data = random(length, seed);
        byte[] expected = jdk(data);
        int a = length == 0 ? 0 : cut % (length + 1);
        ByteBuffer direct = ByteBuffer.allocateDirect(position + length + 7);
        ByteBuffer heap = ByteBuffer.allocate(position + length + 7);
        for (ByteBuffer buf : List.of(direct, heap)) {
            buf.position(position).put(data).flip().position(position);
        }
        List<ByteBuffer> inputs = List.of(direct, heap, heap.duplicate().asReadOnlyBuffer(), direct.slice(position, length));
        try (Sha256 s = Sha256.create(); Sha256 j = Sha256.jdk()) {
            for (ByteBuffer in : inputs) {
                ByteBuffer buf = in.duplicate();
                int start = buf.position();
                ByteBuffer first = buf.duplicate().limit(start + a);
                s.update(first);
                assertThat(first.hasRemaining()).isFalse();
                buf.position(start + a);
                s.update(buf);
                assertThat(buf.hasRemaining()).as("position moves to the limit").isFalse();
                assertThat(s.digest()).as("%s", in).isEqualTo(expected);
                j.update(in.duplicate());
                assertThat(j.digest()).isEqualTo(expected);
            }
        }
    }

    @Test
    void aDirectBufferReusedWithNewContentIsHashedAtItsCurrentContent() throws Exception {
        ByteBuffer buf = ByteBuffer.allocateDirect(1000);
        try (Sha256 s = Sha256.create()) {
            for (int round = 0; round < 3; round++) {
                byte[] data = random(100 + round * 300, round);
                buf.clear();
                buf.put(data).flip();
                s.update(buf);
                assertThat(s.digest()).as("round %d", round).isEqualTo(jdk(data));
            }
        }
    }

    @Test
    void severalThreadsEachWithTheirOwnInstanceGetTheJdksDigests() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                long seed = t;
                results.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    try (Sha256 s = Sha256.create()) {
                        for (int i = 0; i < 200; i++) {
                            byte[] data = random(r.nextInt(600_000), r.nextLong());
                            int cut = data.length == 0 ? 0 : r.nextInt(data.length);
                            s.update(data, 0, cut).update(ByteBuffer.wrap(data, cut, data.length - cut));
                            if (!Arrays.equals(s.digest(), jdk(data))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyTheValueJdkOfTheSystemPropertyForbidsTheNativeImplementation() {
        assertThat(Sha256.nativeAllowed(null)).isTrue();
        assertThat(Sha256.nativeAllowed("openssl")).isTrue();
        assertThat(Sha256.nativeAllowed("")).isTrue();
        assertThat(Sha256.nativeAllowed("jdk")).isFalse();
        assertThat(Sha256.nativeAllowed(" JDK ")).isFalse();
    }

    /** Prints what {@link Sha256#create} picks and the digest of "abc", for the child JVM below. */
    public static final class ChildMain {
        public static void main(String[] args) {
            try (Sha256 s = Sha256.create()) {
                System.out.println(s + " " + HexFormat.of().formatHex(s.digest("abc".getBytes(StandardCharsets.US_ASCII))));
            }
        }
    }

    @Test
    void aProcessStartedWithTheSystemPropertyJdkHashesWithTheJdk() {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var run = Processes.run(List.of(javaBin, "-D" + Sha256.PROPERTY + "=jdk", "-cp", System.getProperty("java.class.path"),
                ChildMain.class.getName()), null, Map.of(), Duration.ofSeconds(60)).assertSuccess();
        assertThat(run.stdout().trim())
                .isEqualTo("Sha256[jdk] ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
