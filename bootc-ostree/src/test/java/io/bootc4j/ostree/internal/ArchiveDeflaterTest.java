package io.bootc4j.ostree.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.ostree.internal.nativeio.WholeBufferDeflater;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The archive compressor picks libdeflate up to its limit and zlib above it or when told to; every
 * stream it writes inflates back with a raw {@link java.util.zip.Inflater}, as ostree reads {@code .filez}.
 */
class ArchiveDeflaterTest {

    private static final long LIMIT = ArchiveDeflater.WHOLE_BUFFER_LIMIT;

    @TempDir
    Path tmp;

    @AfterEach
    void clearProperty() {
        System.clearProperty(ArchiveDeflater.PROPERTY);
    }

    /** Mostly compressible bytes (short random runs over a small alphabet), like binaries and text. */
    private static byte[] data(long size, long seed) {
        byte[] b = new byte[Math.toIntExact(size)];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ('a' + r.nextInt(12));
        }
        return b;
    }

    private byte[] deflate(ArchiveDeflater d, byte[] data, int chunk) throws IOException {
        Path out = tmp.resolve("out");
        Files.deleteIfExists(out);
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            d.begin(data.length);
            for (int off = 0; off < data.length; off += chunk) {
                d.update(data, off, Math.min(chunk, data.length - off), ch);
            }
            d.finish(ch);
        }
        return Files.readAllBytes(out);
    }

    private static byte[] zlibDeflate(byte[] data, int level) {
        Deflater z = new Deflater(level, true);
        try {
            z.setInput(data);
            z.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1 << 16];
            while (!z.finished()) {
                out.write(buf, 0, z.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            z.end();
        }
    }

    @Test
    void libdeflateIsUsedByDefaultWhereItLoads() {
        try (ArchiveDeflater d = ArchiveDeflater.create(6)) {
            assertThat(d.usesLibdeflate()).as("libdeflate0 installed and loaded").isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {LIMIT - 1, LIMIT, LIMIT + 1})
    void contentAroundTheLimitRoundTripsAndOnlyContentAboveItStreamsThroughZlib(long size)
            throws IOException, DataFormatException {
        byte[] data = repetitive(size);
        byte[] written;
        try (ArchiveDeflater d = ArchiveDeflater.create(6)) {
            written = deflate(d, data, 128 * 1024);
        }
        assertThat(RawInflate.inflate(written)).isEqualTo(data);
        byte[] libdeflate;
        try (WholeBufferDeflater w = WholeBufferDeflater.create(ArchiveDeflater.libdeflateLevel(6), size).orElseThrow()) {
            w.begin(size);
            w.append(data, 0, data.length);
            ByteBuffer b = w.compress();
            libdeflate = new byte[b.remaining()];
            b.get(libdeflate);
        }
        assertThat(Arrays.equals(written, libdeflate)).as("written by libdeflate").isEqualTo(size <= LIMIT);
    }

    /** A 64 KiB random block repeated, each 4 KiB stamped with its offset: fast to compress either way. */
    private static byte[] repetitive(long size) {
        byte[] b = new byte[Math.toIntExact(size)];
        byte[] block = new byte[1 << 16];
        new SplittableRandom(size).nextBytes(block);
        for (int off = 0; off < b.length; off += block.length) {
            System.arraycopy(block, 0, b, off, Math.min(block.length, b.length - off));
        }
        for (int off = 0; off + 4 <= b.length; off += 4096) {
            b[off] = (byte) (off >>> 24);
            b[off + 1] = (byte) (off >>> 16);
            b[off + 2] = (byte) (off >>> 8);
            b[off + 3] = (byte) off;
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 1000, 128 * 1024, 128 * 1024 + 1, 3 << 20})
    void smallLimitStillRoundTripsEverySizeOnBothSidesOfIt(int size) throws IOException, DataFormatException {
        byte[] random = new byte[size];
        new SplittableRandom(size).nextBytes(random);
        for (byte[] data : new byte[][] {random, data(size, 5)}) {
            try (ArchiveDeflater d = ArchiveDeflater.create(6, 128 * 1024)) {
                assertThat(RawInflate.inflate(deflate(d, data, 4096))).isEqualTo(data);
                // the same compressor, reused for the next object
                assertThat(RawInflate.inflate(deflate(d, data, 100_000))).isEqualTo(data);
            }
        }
    }

    @Test
    void propertyZlibForcesTheStreamingDeflaterForEverySize() throws IOException, DataFormatException {
        System.setProperty(ArchiveDeflater.PROPERTY, "zlib");
        byte[] data = data(1 << 20, 9);
        try (ArchiveDeflater d = ArchiveDeflater.create(6)) {
            assertThat(d.usesLibdeflate()).isFalse();
            byte[] written = deflate(d, data, 128 * 1024);
            assertThat(written).isEqualTo(zlibDeflate(data, 6));
            assertThat(RawInflate.inflate(written)).isEqualTo(data);
            assertThat(RawInflate.inflate(deflate(d, new byte[0], 1))).isEmpty();
        }
    }
}
