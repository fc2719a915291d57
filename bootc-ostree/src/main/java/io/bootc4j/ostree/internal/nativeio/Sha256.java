package io.bootc4j.ostree.internal.nativeio;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * One SHA-256 computation, reusable: {@link #update} any number of times, then {@link #digest}
 * returns the 32 bytes and leaves the instance ready for the next message. Two implementations:
 * OpenSSL's libcrypto ({@code libcrypto.so.3}, which uses the CPU's SHA extensions from the
 * first byte, without waiting for the JIT) and the JDK's {@code MessageDigest}. {@link #create}
 * picks libcrypto when it loads and passes a self-test, unless the system property
 * {@value #PROPERTY} is {@code jdk}.
 *
 * <p>Not thread-safe: one instance per thread (a hasher may move between threads, one at a time).
 * {@link #close} frees the native context; an instance that is merely dropped is freed by a
 * cleaner.
 */
public abstract sealed class Sha256 implements AutoCloseable permits NativeSha256, JdkSha256 {

    /** The system property that forces the JDK implementation when set to {@code jdk}. */
    public static final String PROPERTY = "bootc4j.sha256";

    /** Number of bytes in a digest. */
    public static final int LENGTH = 32;

    Sha256() {}

    /** A new instance of the implementation chosen for this process (see {@link #implementation}). */
    public static Sha256 create() {
        return Choice.NATIVE ? new NativeSha256() : new JdkSha256();
    }

    /** A new instance backed by the JDK's {@code MessageDigest}, whatever the process uses. */
    public static Sha256 jdk() {
        return new JdkSha256();
    }

    /** {@code "openssl"} or {@code "jdk"}: what {@link #create} returns in this process. */
    public static String implementation() {
        return Choice.NATIVE ? "openssl" : "jdk";
    }

    /** True when libcrypto loaded and passed its self-test (whatever {@value #PROPERTY} says). */
    public static boolean nativeAvailable() {
        return NativeSha256.AVAILABLE;
    }

    /**
     * Whether {@code property}, a value of {@value #PROPERTY} ({@code null} when unset), allows the
     * native implementation: anything but {@code jdk} (ignoring case and surrounding blanks) does.
     */
    public static boolean nativeAllowed(String property) {
        return property == null || !property.trim().toLowerCase(Locale.ROOT).equals("jdk");
    }

    /** Forgets any bytes given since the last {@link #digest}. */
    public abstract Sha256 reset();

    /** Hashes {@code len} bytes of {@code b} from {@code off}. */
    public abstract Sha256 update(byte[] b, int off, int len);

    /**
     * Hashes the remaining bytes of {@code buffer} and moves its position to its limit. A direct
     * buffer is hashed where it is, without a copy through the Java heap.
     */
    public abstract Sha256 update(ByteBuffer buffer);

    /** Finishes the message: its 32-byte digest. The instance then starts a new, empty message. */
    public abstract byte[] digest();

    /** The digest of exactly {@code data}, discarding anything given before. */
    public byte[] digest(byte[] data) {
        reset();
        update(data, 0, data.length);
        return digest();
    }

    /** Frees native resources; the instance must not be used afterwards. */
    @Override
    public abstract void close();

    /** The process-wide choice, made once on first use. */
    private static final class Choice {
        static final boolean NATIVE = nativeAllowed(System.getProperty(PROPERTY)) && NativeSha256.AVAILABLE;

        private Choice() {}
    }
}
