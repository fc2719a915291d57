package io.bootc4j.ostree.internal.nativeio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/**
 * The libc functions the object store calls, bound once by JNA direct mapping (much cheaper per
 * call than interface mapping; pointers are Java arrays or {@code long} addresses). A function
 * declared to throw {@link LastErrorException} reports a failure through it, carrying
 * {@code errno}; the others return libc's result as it is. {@code statx} is declared for both a
 * byte and an int view of its buffer, as its two callers read it.
 */
final class LibC {
    static {
        Native.register("c");
    }

    private LibC() {}

    /** Runs the binding above now (see {@link NativeBindings#preload}). */
    static void bind() {}

    // descriptors

    static native int open(byte[] path, int flags) throws LastErrorException;

    static native int open(byte[] path, int flags, int mode) throws LastErrorException;

    static native int openat(int dirfd, byte[] path, int flags, int mode) throws LastErrorException;

    static native int close(int fd);

    static native long read(int fd, long buf, long count) throws LastErrorException;

    static native long read(int fd, byte[] buf, long count) throws LastErrorException;

    static native int syncfs(int fd) throws LastErrorException;

    // metadata

    /** {@code statx} into native memory at {@code statxbuf} (a {@link StatxBuffer}). */
    static native int statx(int dirfd, byte[] path, int flags, int mask, long statxbuf) throws LastErrorException;

    static native int fchown(int fd, int owner, int group) throws LastErrorException;

    static native int fchmod(int fd, int mode) throws LastErrorException;

    static native int lchown(byte[] path, int owner, int group) throws LastErrorException;

    static native int chmod(byte[] path, int mode) throws LastErrorException;

    static native int utimensat(int dirfd, byte[] path, long[] times, int flags) throws LastErrorException;

    static native int faccessat(int dirfd, byte[] path, int mode, int flags);

    // names

    static native int mkdirat(int dirfd, byte[] path, int mode) throws LastErrorException;

    static native int linkat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags)
            throws LastErrorException;

    static native int symlink(byte[] target, byte[] linkpath) throws LastErrorException;

    static native int renameat2(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags)
            throws LastErrorException;

    // extended attributes

    static native long llistxattr(byte[] path, byte[] list, long size) throws LastErrorException;

    static native long lgetxattr(byte[] path, byte[] name, byte[] value, long size) throws LastErrorException;

    static native int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags) throws LastErrorException;

    static native int lremovexattr(byte[] path, byte[] name) throws LastErrorException;

    static native long flistxattr(int fd, byte[] list, long size) throws LastErrorException;

    static native long fgetxattr(int fd, byte[] name, byte[] value, long size) throws LastErrorException;

    static native int fsetxattr(int fd, byte[] name, byte[] value, long size, int flags) throws LastErrorException;

    // copies

    static native long copy_file_range(int fdIn, long[] offIn, int fdOut, long[] offOut, long len, int flags)
            throws LastErrorException;

    static native long sendfile(int outFd, int inFd, long[] offset, long count) throws LastErrorException;
}
