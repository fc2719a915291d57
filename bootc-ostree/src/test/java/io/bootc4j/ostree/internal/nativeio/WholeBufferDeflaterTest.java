package io.bootc4j.ostree.internal.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.ostree.internal.RawInflate;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.DataFormatException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.BeforeTry;
import org.junit.jupiter.api.Test;

/**
 * libdeflate's output read back by a raw {@link java.util.zip.Inflater} (as ostree reads {@code .filez}).
 * libdeflate0 is required: without it these tests fail, naming the package.
 */
class WholeBufferDeflaterTest {

    @BeforeTry
    @org.junit.jupiter.api.BeforeEach
    void requireLibdeflate() {
        assertThat(WholeBufferDeflater.available()).as("libdeflate.so.0 loads (apt-get install libdeflate0)").isTrue();
    }

    private static byte[] inflate(ByteBuffer deflated) throws DataFormatException {
        byte[] raw = new byte[deflated.remaining()];
        deflated.duplicate().get(raw);
        return RawInflate.inflate(raw);
    }

    private static byte[] roundTrip(byte[] data, int level, int chunk) throws DataFormatException {
        try (WholeBufferDeflater d = WholeBufferDeflater.create(level, 64L << 20).orElseThrow()) {
            d.begin(data.length);
            for (int off = 0; off < data.length; off += chunk) {
                d.append(data, off, Math.min(chunk, data.length - off));
            }
            return inflate(d.compress());
        }
    }

    @Property(tries = 200)
    void arbitraryBytesInflateBackToThemselves(@ForAll @Size(max = 5000) byte[] data,
            @ForAll @IntRange(min = 1, max = 9) int level, @ForAll @IntRange(min = 1, max = 700) int chunk)
            throws DataFormatException {
        assertThat(roundTrip(data, level, chunk)).isEqualTo(data);
    }

    @Test
    void emptyInputGivesAValidEmptyStream() throws DataFormatException {
        assertThat(roundTrip(new byte[0], 6, 1)).isEmpty();
    }

    @Test
    void oneByteRoundTrips() throws DataFormatException {
        assertThat(roundTrip(new byte[] {42}, 6, 1)).containsExactly(42);
    }

    @Test
    void incompressibleInputRoundTripsWithinTheBound() throws DataFormatException {
        byte[] data = new byte[3 << 20];
        new SplittableRandom(7).nextBytes(data);
        try (WholeBufferDeflater d = WholeBufferDeflater.create(6, data.length).orElseThrow()) {
            d.begin(data.length);
            d.append(data, 0, data.length);
            ByteBuffer out = d.compress();
            assertThat(out.remaining()).isLessThan(data.length + data.length / 100);
            assertThat(inflate(out)).isEqualTo(data);
        }
    }

    @Test
    void compressibleInputShrinksAndTheCompressorIsReusable() throws DataFormatException {
        byte[] text = "usr/lib/x86_64-linux-gnu/libc.so.6 ".repeat(60_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (WholeBufferDeflater d = WholeBufferDeflater.create(6, text.length).orElseThrow()) {
            for (int round = 0; round < 3; round++) {
                int len = text.length >> round;
                d.begin(len);
                d.append(text, 0, len);
                ByteBuffer out = d.compress();
                assertThat(out.remaining()).isLessThan(len / 50);
                assertThat(inflate(out)).isEqualTo(java.util.Arrays.copyOf(text, len));
            }
        }
    }

    @Test
    void inputLongerThanAnnouncedGrowsTheBufferAndKeepsEarlierBytes() throws DataFormatException {
        byte[] data = new byte[(3 << 20) + 5];
        new SplittableRandom(3).nextBytes(data);
        try (WholeBufferDeflater d = WholeBufferDeflater.create(6, data.length).orElseThrow()) {
            d.begin(10);
            d.append(data, 0, 1 << 20);
            d.append(data, 1 << 20, data.length - (1 << 20));
            assertThat(inflate(d.compress())).isEqualTo(data);
        }
    }

    @Test
    void inputPastTheMaximumIsRefusedNamingTheSizes() {
        try (WholeBufferDeflater d = WholeBufferDeflater.create(6, 100).orElseThrow()) {
            assertThatThrownBy(() -> d.begin(101)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("101").hasMessageContaining("100");
            d.begin(100);
            d.append(new byte[100], 0, 100);
            assertThatThrownBy(() -> d.append(new byte[1], 0, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maximum of 100 bytes");
        }
    }

    @Test
    void aLevelLibdeflateRejectsGivesNoCompressorAndAClosedOneRefusesWork() {
        assertThat(WholeBufferDeflater.create(99, 100)).isEmpty();
        WholeBufferDeflater d = WholeBufferDeflater.create(6, 100).orElseThrow();
        d.close();
        d.close();
        assertThatThrownBy(() -> d.begin(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
