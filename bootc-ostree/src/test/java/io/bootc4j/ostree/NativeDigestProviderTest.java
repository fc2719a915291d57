package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Digests from {@link NativeDigestProvider} against the JDK's, however the message is fed: single
 * bytes, arrays, heap, direct, read-only and sliced buffers, clones and resets in between. These
 * tests need libcrypto (Debian's libssl3), as the module's other native tests do.
 */
class NativeDigestProviderTest {

    private static final Provider PROVIDER = new NativeDigestProvider();

    /** How one piece of the message is handed to the digest. */
    enum Feed { BYTES, ARRAY, HEAP_BUFFER, DIRECT_BUFFER, READ_ONLY_BUFFER, SLICED_DIRECT_BUFFER }

    private static MessageDigest nativeDigest() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256", PROVIDER);
    }

    /** The JDK's own SHA-256, whatever providers are installed. */
    private static byte[] jdk(byte[] data) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256", Security.getProvider("SUN")).digest(data);
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Hands {@code data[from, to)} to {@code md} the way {@code feed} says. */
    private static void feed(MessageDigest md, Feed feed, byte[] data, int from, int to) {
        int len = to - from;
        switch (feed) {
            case BYTES -> {
                for (int i = from; i < to; i++) {
                    md.update(data[i]);
                }
            }
            case ARRAY -> md.update(data, from, len);
            case HEAP_BUFFER -> md.update(ByteBuffer.wrap(data, from, len));
            case DIRECT_BUFFER -> md.update(ByteBuffer.allocateDirect(len).put(data, from, len).flip());
            case READ_ONLY_BUFFER -> md.update(ByteBuffer.wrap(data, from, len).asReadOnlyBuffer());
            case SLICED_DIRECT_BUFFER -> {
                ByteBuffer whole = ByteBuffer.allocateDirect(len + 11);
                whole.position(5).put(data, from, len);
                ByteBuffer slice = whole.slice(5, len);
                md.update(slice);
                assertThat(slice.hasRemaining()).as("the buffer's position moves to its limit").isFalse();
            }
            default -> throw new AssertionError(feed);
        }
    }

    /** Lengths around the 64-byte block, the engine's 512-byte gathering buffer and libcrypto's 256 KiB staging. */
    @Provide
    Arbitrary<Integer> lengths() {
        return Arbitraries.oneOf(
                Arbitraries.of(0, 1, 55, 56, 63, 64, 65, 511, 512, 513, 1023, 1024, 1025, 262_143, 262_144, 262_145, 600_001),
                Arbitraries.integers().between(0, 3000),
                Arbitraries.integers().between(0, 700_000));
    }

    @Property(tries = 80)
    void aMessageCutIntoPiecesFedEveryWayDigestsAsTheJdkDigestsTheWhole(@ForAll("lengths") int length,
            @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 1_000_000) Integer> cuts,
            @ForAll @Size(min = 7, max = 7) List<Feed> feeds, @ForAll long seed) throws Exception {
        byte[] data = random(length, seed);
        List<Integer> points = new ArrayList<>();
        for (int c : cuts) {
            points.add(length == 0 ? 0 : c % (length + 1));
        }
        points.add(length);
        points.sort(null);
        MessageDigest md = nativeDigest();
        md.update(new byte[] {1, 2, 3});
        md.reset(); // discarded
        int from = 0;
        for (int i = 0; i < points.size(); i++) {
            int to = points.get(i);
            Feed f = feeds.get(i);
            // a single-byte feed of a long piece only slows the test: cap it, the rest goes as an array
            int bytesEnd = f == Feed.BYTES ? Math.min(to, from + 5000) : to;
            feed(md, f, data, from, bytesEnd);
            feed(md, Feed.ARRAY, data, bytesEnd, to);
            from = to;
        }
        assertThat(md.digest()).isEqualTo(jdk(data));
        assertThat(md.digest()).as("the digest starts a new, empty message").isEqualTo(jdk(new byte[0]));
    }

    @Property(tries = 60)
    void aCloneMidMessageAndTheOriginalContinueIndependently(@ForAll("lengths") int length,
            @ForAll @IntRange(min = 0, max = 1_000_000) int cut, @ForAll Feed before, @ForAll Feed after,
            @ForAll long seed) throws Exception {
        byte[] data = random(length, seed);
        int prefix = length == 0 ? 0 : cut % (length + 1);
        prefix = before == Feed.BYTES ? Math.min(prefix, 5000) : prefix;
        byte[] tailA = random(1 + (int) Math.floorMod(seed, 3000L), seed + 1);
        byte[] tailB = Arrays.copyOfRange(data, prefix, length);
        MessageDigest original = nativeDigest();
        feed(original, before, data, 0, prefix);
        MessageDigest clone = (MessageDigest) original.clone();
        MessageDigest cloneOfClone = (MessageDigest) clone.clone();
        feed(original, after, tailA, 0, after == Feed.BYTES ? Math.min(tailA.length, 5000) : tailA.length);
        feed(clone, Feed.ARRAY, tailB, 0, tailB.length);
        byte[] head = Arrays.copyOf(data, prefix);
        int fedA = after == Feed.BYTES ? Math.min(tailA.length, 5000) : tailA.length;
        assertThat(clone.digest()).as("clone").isEqualTo(jdk(data));
        assertThat(original.digest()).as("original").isEqualTo(jdk(concat(head, Arrays.copyOf(tailA, fedA))));
        assertThat(cloneOfClone.digest()).as("clone of the clone, given nothing more").isEqualTo(jdk(head));
    }

    @Test
    void anEmptyMessageGivesTheFips180EmptyDigest() throws Exception {
        String empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        MessageDigest md = nativeDigest();
        assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(empty);
        md.update(new byte[0]);
        md.update(ByteBuffer.allocateDirect(0));
        assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(empty);
        assertThat(HexFormat.of().formatHex(md.digest("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(md.getDigestLength()).isEqualTo(32);
        assertThat(md.getProvider()).isSameAs(PROVIDER);
    }

    @Test
    void resetForgetsGatheredBytesAndBytesAlreadyHashed() throws Exception {
        byte[] big = random(300_000, 7);
        byte[] msg = random(100, 8);
        MessageDigest md = nativeDigest();
        md.update(big);
        md.update((byte) 1);
        md.update(msg, 0, 10);
        md.reset();
        md.update(msg);
        assertThat(md.digest()).isEqualTo(jdk(msg));
        md.update((byte) 1);
        md.reset();
        assertThat(md.digest()).isEqualTo(jdk(new byte[0]));
    }

    @Test
    void digestIntoABufferWritesThirtyTwoBytesAtTheOffsetAndRefusesShortLengths() throws Exception {
        byte[] msg = random(1000, 9);
        MessageDigest md = nativeDigest();
        md.update(msg, 0, 600);
        byte[] out = new byte[50];
        assertThatThrownBy(() -> md.digest(out, 3, 31)).isInstanceOf(DigestException.class).hasMessageContaining("31");
        assertThatThrownBy(() -> md.digest(out, 0, 0)).isInstanceOf(DigestException.class);
        assertThatThrownBy(() -> md.digest(out, -1, 32)).isInstanceOf(DigestException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> md.digest(out, 20, 32)).isInstanceOf(IllegalArgumentException.class);
        md.update(msg, 600, 400); // a refused digest leaves the message as it was
        assertThat(md.digest(out, 10, 40)).isEqualTo(32);
        assertThat(Arrays.copyOfRange(out, 10, 42)).isEqualTo(jdk(msg));
        assertThat(Arrays.copyOf(out, 10)).containsOnly(0);
        assertThat(Arrays.copyOfRange(out, 42, 50)).containsOnly(0);
    }

    @Test
    void digestIntoABufferFailsExactlyWhereTheJdksDoes() throws Exception {
        int[][] cases = {{50, 3, 31}, {50, 0, 0}, {50, -1, 32}, {50, 20, 32}, {50, 18, 32}, {32, 0, 32}, {31, 0, 32},
            {50, 0, -5}, {50, 51, 0}, {50, Integer.MAX_VALUE, 32}, {50, Integer.MIN_VALUE, 32}};
        for (int[] c : cases) {
            assertThat(outcome(nativeDigest(), c)).as("buffer %d, offset %d, length %d", c[0], c[1], c[2])
                    .isEqualTo(outcome(MessageDigest.getInstance("SHA-256", Security.getProvider("SUN")), c));
        }
    }

    /** The bytes written, or the class of the exception thrown, by {@code digest(new byte[c[0]], c[1], c[2])}. */
    private static String outcome(MessageDigest md, int[] c) {
        md.update(new byte[] {5, 6, 7});
        byte[] out = new byte[c[0]];
        try {
            int n = md.digest(out, c[1], c[2]);
            return n + " " + HexFormat.of().formatHex(out);
        } catch (DigestException | RuntimeException e) {
            return e.getClass().getName();
        }
    }

    @Test
    void manySingleByteUpdatesAndClonesOfAPartialMessageAgree() throws Exception {
        byte[] data = random(100_000, 10);
        MessageDigest md = nativeDigest();
        List<MessageDigest> clones = new ArrayList<>();
        for (int i = 0; i < data.length; i++) {
            md.update(data[i]);
            if (i % 9973 == 0) {
                clones.add((MessageDigest) md.clone());
            }
        }
        for (int c = 0; c < clones.size(); c++) {
            int fed = c * 9973 + 1;
            clones.get(c).update(data, fed, data.length - fed);
        }
        byte[] expected = jdk(data);
        assertThat(md.digest()).isEqualTo(expected);
        for (MessageDigest clone : clones) {
            assertThat(clone.digest()).isEqualTo(expected);
        }
    }

    @Test
    void droppedClonesAreFreedWithoutDisturbingTheOriginal() throws Exception {
        byte[] data = random(5000, 11);
        MessageDigest md = nativeDigest();
        md.update(data, 0, 2500);
        for (int i = 0; i < 20_000; i++) {
            MessageDigest clone = (MessageDigest) md.clone();
            clone.update(data, i % 100, 1);
        }
        System.gc();
        md.update(data, 2500, 2500);
        assertThat(md.digest()).isEqualTo(jdk(data));
    }

    @Test
    void theProviderOffersSha256UnderItsAliasesAndNothingElse() throws Exception {
        assertThat(PROVIDER.getName()).isEqualTo(NativeDigestProvider.NAME);
        assertThat(PROVIDER.getInfo()).contains("SHA-256").contains("libcrypto");
        assertThat(PROVIDER.getServices()).hasSize(1);
        for (String name : List.of("SHA-256", "SHA256", "sha-256", "2.16.840.1.101.3.4.2.1", "OID.2.16.840.1.101.3.4.2.1")) {
            MessageDigest md = MessageDigest.getInstance(name, PROVIDER);
            assertThat(md.digest(new byte[] {42})).as(name).isEqualTo(jdk(new byte[] {42}));
        }
        for (String other : List.of("SHA-1", "SHA-512", "SHA-224", "SHA3-256", "MD5")) {
            assertThatThrownBy(() -> MessageDigest.getInstance(other, PROVIDER)).as(other)
                    .isInstanceOf(NoSuchAlgorithmException.class);
        }
    }
}
