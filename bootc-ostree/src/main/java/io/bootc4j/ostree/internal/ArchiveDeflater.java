package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.internal.nativeio.WholeBufferDeflater;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;
import java.util.zip.Deflater;

/**
 * One thread's compressor for the raw DEFLATE stream after an archive {@code .filez} header
 * (reference: ostree-format §1.4; ostree inflates it with a raw zlib decompressor, so any valid
 * raw stream reads back). Content of up to {@link #WHOLE_BUFFER_LIMIT} bytes goes through
 * libdeflate in one call, gathered in native memory; larger content, and every content where
 * libdeflate cannot be loaded or system property {@code bootc4j.deflate=zlib} is set, streams
 * through {@link Deflater} in constant memory.
 *
 * <p>Use: {@link #begin}, {@link #update} for each chunk, {@link #finish}. Not thread-safe.
 */
final class ArchiveDeflater implements AutoCloseable {

    /** System property choosing the compressor: {@code zlib} forces {@link Deflater}. */
    static final String PROPERTY = "bootc4j.deflate";

    /**
     * Largest content compressed by libdeflate: 32 MiB covers all but one file of a Debian
     * bookworm tree (94% of its bytes) while capping a thread's native buffers (input plus
     * compressed output) at about 64 MiB.
     */
    static final long WHOLE_BUFFER_LIMIT = 32L << 20;

    private final Deflater zlib;
    private final WholeBufferDeflater whole;
    private final byte[] deflated = new byte[64 * 1024];
    private boolean wholeActive;

    private ArchiveDeflater(int level, WholeBufferDeflater whole) {
        this.zlib = new Deflater(level, true);
        this.whole = whole;
    }

    /**
     * The libdeflate level used for zlib level {@code zlibLevel}: two below it (at least 1).
     * libdeflate's levels compress harder than zlib's of the same number; on a Debian bookworm
     * tree zlib 6 gave 219.6 MB, libdeflate 6 217.2 MB in 11.4 s CPU, 5 218.3 MB in 9.4 s, 4
     * 222.3 MB (+1.2%) in 7.7 s, against zlib 6's 25.1 s: 4 keeps the archive within a few
     * percent of ostree's for a third less compression time than 6.
     */
    static int libdeflateLevel(int zlibLevel) {
        return Math.max(1, zlibLevel - 2);
    }

    /** A compressor at zlib {@code level}, using libdeflate unless disabled or unavailable. */
    static ArchiveDeflater create(int level) {
        return create(level, WHOLE_BUFFER_LIMIT);
    }

    static ArchiveDeflater create(int level, long wholeBufferLimit) {
        Optional<WholeBufferDeflater> w = "zlib".equals(System.getProperty(PROPERTY))
                ? Optional.empty() : WholeBufferDeflater.create(libdeflateLevel(level), wholeBufferLimit);
        return new ArchiveDeflater(level, w.orElse(null));
    }

    /** True if content up to {@link #WHOLE_BUFFER_LIMIT} bytes goes through libdeflate. */
    boolean usesLibdeflate() {
        return whole != null;
    }

    /** Starts a stream for content of {@code size} bytes. */
    void begin(long size) {
        wholeActive = whole != null && size <= whole.maxInput();
        if (wholeActive) {
            whole.begin(size);
        } else {
            zlib.reset();
        }
    }

    /** Compresses {@code len} bytes of {@code b}, writing any output ready to {@code ch}. */
    void update(byte[] b, int off, int len, FileChannel ch) throws IOException {
        if (wholeActive) {
            whole.append(b, off, len);
        } else {
            zlib.setInput(b, off, len);
            drain(ch, false);
        }
    }

    /** Ends the stream, writing the rest of it to {@code ch}. */
    void finish(FileChannel ch) throws IOException {
        if (wholeActive) {
            writeFully(ch, whole.compress());
        } else {
            zlib.finish();
            drain(ch, true);
        }
    }

    private void drain(FileChannel ch, boolean finishing) throws IOException {
        while (finishing ? !zlib.finished() : !zlib.needsInput()) {
            int n = zlib.deflate(deflated);
            if (n > 0) {
                writeFully(ch, ByteBuffer.wrap(deflated, 0, n));
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    @Override
    public void close() {
        zlib.end();
        if (whole != null) {
            whole.close();
        }
    }
}
