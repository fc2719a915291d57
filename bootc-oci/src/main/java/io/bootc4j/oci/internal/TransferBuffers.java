package io.bootc4j.oci.internal;

/**
 * The buffer every bulk copy of blob bytes goes through: 1 MiB, one per thread, reused. Large so
 * that a layer of a few hundred MiB takes a few hundred trips through the copy loop, the hashing
 * and the write, not tens of thousands (each trip runs Java code that would otherwise become hot
 * enough for the JIT to spend more CPU compiling it than the copy costs); reused because a 1 MiB
 * array is a humongous object to G1 with a small heap. A loop {@link #take takes} the thread's
 * buffer and {@link #give gives} it back in {@code finally}; a nested loop on the same thread
 * gets a fresh one, so two loops never share an array. Thread-safe.
 */
public final class TransferBuffers {

    /** The size of every buffer handed out. */
    public static final int SIZE = 1 << 20;

    private static final ThreadLocal<byte[]> FREE = new ThreadLocal<>();

    private TransferBuffers() {
    }

    /** This thread's buffer, or a new one when it is taken already. */
    public static byte[] take() {
        byte[] b = FREE.get();
        if (b == null) {
            return new byte[SIZE];
        }
        FREE.set(null);
        return b;
    }

    /** Gives {@code buffer} (from {@link #take}) back to this thread for the next loop. */
    public static void give(byte[] buffer) {
        if (buffer.length == SIZE) {
            FREE.set(buffer);
        }
    }
}
