package io.bootc4j.ostree.internal.nativeio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/**
 * The libc functions an object store command calls most (a hard-link checkout calls no others),
 * bound once by JNA direct mapping (much cheaper per call than interface mapping; pointers are
 * Java arrays or {@code long} addresses). A function declared to throw {@link LastErrorException}
 * reports a failure through it, carrying {@code errno}; the others return libc's result as it is.
 * The rest are in {@link LibCExtra}, bound on first use: binding costs ~0.3 ms per function of a
 * command's start, which waits for this class's (27 functions: ~9 ms; these 12: ~2 ms).
 */
final class LibC {
    static {
        Native.register(LibC.class, "c");
    }

    private LibC() {}

    /** Runs the binding above now (see {@link NativeBindings#preload}). */
    static void bind() {}

    // descriptors

    static native int open(byte[] path, int flags) throws LastErrorException;

    static native int openat(int dirfd, byte[] path, int flags, int mode) throws LastErrorException;

    static native int close(int fd);

    static native long read(int fd, long buf, long count) throws LastErrorException;

    static native long read(int fd, byte[] buf, long count) throws LastErrorException;

    // metadata

    /** {@code statx} into native memory at {@code statxbuf} (a {@link StatxBuffer}). */
    static native int statx(int dirfd, byte[] path, int flags, int mask, long statxbuf) throws LastErrorException;

    static native int fchown(int fd, int owner, int group) throws LastErrorException;

    static native int fchmod(int fd, int mode) throws LastErrorException;

    /** {@code times}: access then modification time, each as seconds and nanoseconds. */
    static native int futimens(int fd, long[] times) throws LastErrorException;

    static native int faccessat(int dirfd, byte[] path, int mode, int flags);

    // names

    static native int mkdirat(int dirfd, byte[] path, int mode) throws LastErrorException;

    static native int linkat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags)
            throws LastErrorException;
}
