package io.bootc4j.ostree.internal.nativeio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/**
 * The libc functions the object store calls less often than {@link LibC}'s: extended attributes,
 * copies, renames, symlinks, path-based ownership and times. Bound by JNA direct mapping when
 * first called, so that a command that needs none of them (a hard-link checkout) does not wait
 * for their binding at start. Failures are reported as in {@link LibC}.
 */
final class LibCExtra {
    static {
        Native.register(LibCExtra.class, "c");
    }

    private LibCExtra() {}

    static native int open(byte[] path, int flags, int mode) throws LastErrorException;

    static native int syncfs(int fd) throws LastErrorException;

    static native int lchown(byte[] path, int owner, int group) throws LastErrorException;

    static native int chmod(byte[] path, int mode) throws LastErrorException;

    static native int utimensat(int dirfd, byte[] path, long[] times, int flags) throws LastErrorException;

    static native int symlink(byte[] target, byte[] linkpath) throws LastErrorException;

    static native int renameat2(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags)
            throws LastErrorException;

    static native long llistxattr(byte[] path, byte[] list, long size) throws LastErrorException;

    static native long lgetxattr(byte[] path, byte[] name, byte[] value, long size) throws LastErrorException;

    static native int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags) throws LastErrorException;

    static native int lremovexattr(byte[] path, byte[] name) throws LastErrorException;

    static native long flistxattr(int fd, byte[] list, long size) throws LastErrorException;

    static native long fgetxattr(int fd, byte[] name, byte[] value, long size) throws LastErrorException;

    static native int fsetxattr(int fd, byte[] name, byte[] value, long size, int flags) throws LastErrorException;

    static native long copy_file_range(int fdIn, long[] offIn, int fdOut, long[] offOut, long len, int flags)
            throws LastErrorException;

    static native long sendfile(int outFd, int inFd, long[] offset, long count) throws LastErrorException;
}
