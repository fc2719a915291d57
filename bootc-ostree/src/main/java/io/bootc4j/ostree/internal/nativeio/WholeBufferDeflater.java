package io.bootc4j.ostree.internal.nativeio;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A raw DEFLATE compressor (RFC 1951, no zlib or gzip wrapper) backed by libdeflate
 * ({@code libdeflate.so.0}, Debian package {@code libdeflate0}), which compresses a whole buffer
 * in one call, typically two to three times faster than zlib at the same level. The input is
 * gathered in native memory ({@link #append}) and compressed into native memory
 * ({@link #compress}); both buffers grow on demand up to the capacity given at creation and are
 * freed by {@link #close}, so the Java heap holds neither.
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class WholeBufferDeflater implements AutoCloseable {

    /** Made only when something is logged: slf4j's first lookup costs ~25 ms of a command's start. */
    private static Logger log() {
        return LoggerFactory.getLogger(WholeBufferDeflater.class);
    }
    private static final long MIN_BUFFER = 1L << 20;

    private final long maxInput;
    private Pointer compressor;
    private Memory input;
    private Memory output;
    private long length;

    private WholeBufferDeflater(Pointer compressor, long maxInput) {
        this.compressor = compressor;
        this.maxInput = maxInput;
    }

    /** True if libdeflate could be loaded in this process. */
    public static boolean available() {
        return Lib.LOADED;
    }

    /**
     * A compressor at {@code level} taking inputs of up to {@code maxInput} bytes; empty when
     * libdeflate cannot be loaded or rejects the level.
     */
    public static Optional<WholeBufferDeflater> create(int level, long maxInput) {
        if (maxInput < 0) {
            throw new IllegalArgumentException("maximum input size " + maxInput + " is negative");
        }
        if (!Lib.LOADED) {
            return Optional.empty();
        }
        Pointer c = Lib.libdeflate_alloc_compressor(level);
        if (c == null) {
            log().debug("libdeflate refused compression level {}", level);
            return Optional.empty();
        }
        return Optional.of(new WholeBufferDeflater(c, maxInput));
    }

    /** The largest input this compressor takes. */
    public long maxInput() {
        return maxInput;
    }

    /** Starts a new input that will be {@code size} bytes long (a capacity hint, checked on append). */
    public void begin(long size) {
        if (size < 0 || size > maxInput) {
            throw new IllegalArgumentException("input of " + size + " bytes is outside 0.." + maxInput);
        }
        ensureOpen();
        length = 0;
        if (input == null || input.size() < size) {
            input = replace(input, capacityFor(size));
        }
    }

    /** Appends {@code len} bytes of {@code b} from {@code off} to the input. */
    public void append(byte[] b, int off, int len) {
        ensureOpen();
        if (length + len > maxInput) {
            throw new IllegalArgumentException("input grows past the maximum of " + maxInput + " bytes");
        }
        if (input == null || length + len > input.size()) {
            Memory bigger = new Memory(capacityFor(length + len));
            if (input != null) {
                bigger.getByteBuffer(0, length).put(input.getByteBuffer(0, length));
            }
            input = replace(input, bigger);
        }
        input.write(length, b, off, len);
        length += len;
    }

    /**
     * Compresses the input gathered since {@link #begin} into one complete raw DEFLATE stream.
     * The returned direct buffer (position 0, limit the compressed size) views native memory
     * owned by this compressor: it is valid until the next call on it.
     */
    public ByteBuffer compress() {
        ensureOpen();
        long bound = Lib.libdeflate_deflate_compress_bound(compressor, length);
        if (output == null || output.size() < bound) {
            output = replace(output, Math.max(bound, MIN_BUFFER));
        }
        Pointer in = input == null ? output : input; // libdeflate reads no byte of an empty input
        long n = Lib.libdeflate_deflate_compress(compressor, in, length, output, output.size());
        if (n <= 0) {
            throw new IllegalStateException("libdeflate: " + length + " input bytes did not fit in its own bound of "
                    + output.size() + " bytes");
        }
        return output.getByteBuffer(0, n);
    }

    private static long capacityFor(long size) {
        long c = MIN_BUFFER;
        while (c < size) {
            c <<= 1;
        }
        return c;
    }

    private static Memory replace(Memory old, long size) {
        return replace(old, new Memory(size));
    }

    private static Memory replace(Memory old, Memory fresh) {
        if (old != null) {
            old.close();
        }
        return fresh;
    }

    private void ensureOpen() {
        if (compressor == null) {
            throw new IllegalStateException("compressor is closed");
        }
    }

    /** Frees the compressor and both buffers; idempotent. */
    @Override
    public void close() {
        if (compressor != null) {
            Lib.libdeflate_free_compressor(compressor);
            compressor = null;
        }
        input = replace(input, (Memory) null);
        output = replace(output, (Memory) null);
    }

    /** Direct mapping of the four libdeflate calls used; {@code size_t} is {@code long} (LP64 only). */
    private static final class Lib {
        static final boolean LOADED = load();

        private Lib() {}

        private static boolean load() {
            if (Native.SIZE_T_SIZE != Long.BYTES) {
                log().debug("libdeflate not used: size_t is {} bytes here", Native.SIZE_T_SIZE);
                return false;
            }
            try {
                Native.register(Lib.class, "libdeflate.so.0");
                return true;
            } catch (LinkageError e) {
                log().debug("libdeflate.so.0 cannot be loaded (install libdeflate0): {}", e.toString());
                return false;
            }
        }

        static native Pointer libdeflate_alloc_compressor(int level);

        static native long libdeflate_deflate_compress(Pointer c, Pointer in, long inBytes, Pointer out, long outAvail);

        static native long libdeflate_deflate_compress_bound(Pointer c, long inBytes);

        static native void libdeflate_free_compressor(Pointer c);
    }
}
