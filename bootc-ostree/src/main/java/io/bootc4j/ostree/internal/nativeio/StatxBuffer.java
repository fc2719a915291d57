package io.bootc4j.ostree.internal.nativeio;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One thread's {@code struct statx}, in native memory that every {@code statx} call of the thread
 * fills: a checkout makes one per file it links, and a Java array would be allocated, copied in and
 * copied back by JNA each time.
 */
final class StatxBuffer {

    private static final int SIZE = 256;
    private static final ThreadLocal<StatxBuffer> BUFFERS = ThreadLocal.withInitial(StatxBuffer::new);

    private final ByteBuffer view = ByteBuffer.allocateDirect(SIZE).order(ByteOrder.nativeOrder());
    /** Where {@link #view} is, for the kernel. */
    final long address = Pointer.nativeValue(Native.getDirectBufferPointer(view));

    private StatxBuffer() {}

    /** The calling thread's buffer. */
    static StatxBuffer get() {
        return BUFFERS.get();
    }

    int uid() {
        return view.getInt(20);
    }

    int gid() {
        return view.getInt(24);
    }

    /** {@code stx_mode}: file type and permission bits. */
    int mode() {
        return view.getShort(28) & 0xffff;
    }

    long size() {
        return view.getLong(40);
    }
}
