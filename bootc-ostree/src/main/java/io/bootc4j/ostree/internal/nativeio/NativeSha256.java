package io.bootc4j.ostree.internal.nativeio;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SHA-256 by OpenSSL's libcrypto through its EVP digest interface, bound by JNA direct mapping
 * (pointers passed as {@code long}s, so a call allocates nothing). Bytes already off the heap (a
 * direct buffer) are hashed in place; heap bytes are copied in chunks into a per-thread native
 * staging buffer first. The algorithm is fetched once ({@code EVP_MD_fetch}) so that re-initialising
 * a context per message costs no implicit fetch.
 */
final class NativeSha256 extends Sha256 {

    /** Made only when something is logged: slf4j's first lookup costs ~25 ms of a command's start. */
    private static Logger log() {
        return LoggerFactory.getLogger(NativeSha256.class);
    }

    /** Bytes staged per native call when hashing heap bytes. */
    static final int CHUNK = 256 * 1024;

    private static final Cleaner CLEANER = Cleaner.create();

    private static final long MD;

    /** True once libcrypto is bound, SHA-256 fetched and the "abc" vector verified. */
    static final boolean AVAILABLE;

    static {
        long md = 0;
        boolean ok = false;
        try {
            md = Crypto.bind();
            ok = md != 0 && selfTest(md);
            if (!ok) {
                log().debug("libcrypto SHA-256 failed its self-test; using the JDK's");
            }
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | IllegalStateException e) {
            log().debug("libcrypto not usable ({}); using the JDK's SHA-256", e.toString());
        }
        MD = md;
        AVAILABLE = ok;
    }

    /** One thread's native staging area: {@link #CHUNK} bytes for input, then room for a digest. */
    private static final class Staging {
        final Memory memory = new Memory(CHUNK + LENGTH);
        final long address = Pointer.nativeValue(memory);
        final ByteBuffer view = memory.getByteBuffer(0, CHUNK);
        final ByteBuffer digest = memory.getByteBuffer(CHUNK, LENGTH);
    }

    private static final ThreadLocal<Staging> STAGING = ThreadLocal.withInitial(Staging::new);

    /** The native context, freed by {@link #close} or, at the latest, by the cleaner. */
    private static final class Context implements Runnable {
        long address;

        @Override
        public void run() {
            if (address != 0) {
                Crypto.EVP_MD_CTX_free(address);
                address = 0;
            }
        }
    }

    private final Context context = new Context();
    private final Cleaner.Cleanable cleanable;
    private final long ctx;
    /** True when bytes were given since the context was last initialised. */
    private boolean dirty;
    /** The direct buffer last hashed and its base address (callers reuse one buffer per thread). */
    private ByteBuffer lastBuffer;
    private long lastBufferAddress;

    NativeSha256() {
        if (!AVAILABLE) {
            throw new IllegalStateException("libcrypto SHA-256 is not available");
        }
        ctx = Crypto.EVP_MD_CTX_new();
        if (ctx == 0) {
            throw new OutOfMemoryError("EVP_MD_CTX_new failed");
        }
        context.address = ctx;
        cleanable = CLEANER.register(this, context);
        init();
    }

    private void init() {
        try {
            check(Crypto.EVP_DigestInit_ex(ctx, MD, 0), "EVP_DigestInit_ex");
        } finally {
            Reference.reachabilityFence(this); // the cleaner must not free ctx during the call
        }
        dirty = false;
    }

    @Override
    public Sha256 reset() {
        if (dirty) {
            init();
        }
        return this;
    }

    @Override
    public Sha256 update(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        Staging s = STAGING.get();
        while (len > 0) {
            int n = Math.min(len, CHUNK);
            s.view.clear();
            s.view.put(b, off, n);
            hash(s.address, n);
            off += n;
            len -= n;
        }
        return this;
    }

    @Override
    public Sha256 update(ByteBuffer buffer) {
        int pos = buffer.position();
        int len = buffer.limit() - pos;
        if (len <= 0) {
            return this;
        }
        if (buffer.isDirect()) {
            if (buffer != lastBuffer) {
                lastBufferAddress = Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
                lastBuffer = buffer;
            }
            hash(lastBufferAddress + pos, len);
            buffer.position(pos + len);
        } else if (buffer.hasArray()) {
            update(buffer.array(), buffer.arrayOffset() + pos, len);
            buffer.position(pos + len);
        } else {
            Staging s = STAGING.get();
            while (buffer.hasRemaining()) {
                int n = Math.min(buffer.remaining(), CHUNK);
                s.view.clear();
                s.view.put(buffer.slice(buffer.position(), n));
                buffer.position(buffer.position() + n);
                hash(s.address, n);
            }
        }
        return this;
    }

    private void hash(long address, long len) {
        try {
            check(Crypto.EVP_DigestUpdate(ctx, address, len), "EVP_DigestUpdate");
        } finally {
            Reference.reachabilityFence(this);
        }
        dirty = true;
    }

    @Override
    public byte[] digest() {
        Staging s = STAGING.get();
        try {
            check(Crypto.EVP_DigestFinal_ex(ctx, s.address + CHUNK, 0), "EVP_DigestFinal_ex");
        } finally {
            Reference.reachabilityFence(this);
        }
        byte[] out = new byte[LENGTH];
        s.digest.get(0, out);
        init();
        return out;
    }

    /**
     * One native call ({@code EVP_Digest}) for a message that fits the staging area, such as a
     * metadata object a checkout reads per directory, instead of an update and a final.
     */
    @Override
    public byte[] digest(byte[] data) {
        if (data.length > CHUNK) {
            return super.digest(data);
        }
        reset();
        Staging s = STAGING.get();
        s.view.clear();
        s.view.put(data);
        check(Crypto.EVP_Digest(s.address, data.length, s.address + CHUNK, 0, MD, 0), "EVP_Digest");
        byte[] out = new byte[LENGTH];
        s.digest.get(0, out);
        return out;
    }

    /**
     * An independent instance that continues this message from where it stands
     * ({@code EVP_MD_CTX_copy_ex}): later updates to either leave the other untouched. The copy has
     * its own native context, freed by its own {@link #close} or cleaner.
     */
    NativeSha256 copy() {
        NativeSha256 copy = new NativeSha256();
        try {
            check(Crypto.EVP_MD_CTX_copy_ex(copy.ctx, ctx), "EVP_MD_CTX_copy_ex");
        } finally {
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(copy);
        }
        copy.dirty = dirty;
        return copy;
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    @Override
    public String toString() {
        return "Sha256[openssl]";
    }

    private static void check(int result, String call) {
        if (result != 1) {
            throw new IllegalStateException("libcrypto " + call + " failed");
        }
    }

    /** FIPS 180-2 example: SHA-256("abc"). */
    private static boolean selfTest(long md) {
        byte[] expected = HexFormat.of().parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        long c = Crypto.EVP_MD_CTX_new();
        if (c == 0) {
            return false;
        }
        try (Memory m = new Memory(64)) {
            m.write(0, new byte[] {'a', 'b', 'c'}, 0, 3);
            long a = Pointer.nativeValue(m);
            boolean ok = Crypto.EVP_DigestInit_ex(c, md, 0) == 1
                    && Crypto.EVP_DigestUpdate(c, a, 3) == 1
                    && Crypto.EVP_DigestFinal_ex(c, a + 32, 0) == 1
                    && Arrays.equals(m.getByteArray(32, LENGTH), expected);
            m.setMemory(32, LENGTH, (byte) 0);
            return ok && Crypto.EVP_Digest(a, 3, a + 32, 0, md, 0) == 1
                    && Arrays.equals(m.getByteArray(32, LENGTH), expected);
        } finally {
            Crypto.EVP_MD_CTX_free(c);
        }
    }

    /** libcrypto (OpenSSL 3) by JNA direct mapping; every pointer is a {@code long}. */
    static final class Crypto {
        private Crypto() {}

        /** Binds the natives and returns the fetched SHA-256 {@code EVP_MD*} (0 if not found). */
        static long bind() {
            NativeLibrary lib;
            try {
                lib = NativeLibrary.getInstance("libcrypto.so.3");
            } catch (UnsatisfiedLinkError e) {
                lib = NativeLibrary.getInstance("crypto");
            }
            Native.register(Crypto.class, lib);
            return EVP_MD_fetch(0, "SHA256", 0);
        }

        static native long EVP_MD_fetch(long libctx, String algorithm, long properties);

        static native long EVP_MD_CTX_new();

        static native void EVP_MD_CTX_free(long ctx);

        static native int EVP_DigestInit_ex(long ctx, long type, long impl);

        static native int EVP_DigestUpdate(long ctx, long data, long count);

        static native int EVP_DigestFinal_ex(long ctx, long md, long size);

        static native int EVP_MD_CTX_copy_ex(long out, long in);

        static native int EVP_Digest(long data, long count, long md, long size, long type, long impl);
    }
}
