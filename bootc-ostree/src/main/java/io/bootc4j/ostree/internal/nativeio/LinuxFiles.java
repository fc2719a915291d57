package io.bootc4j.ostree.internal.nativeio;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few Linux system calls NIO does not offer: extended attributes in every namespace and on
 * symlinks ({@code llistxattr}, {@code lgetxattr}, {@code lsetxattr}; the JDK's
 * {@code UserDefinedFileAttributeView} only maps {@code user.*} and follows symlinks), and
 * {@code syncfs}; and the path calls of the commit hot path ({@code renameat2} with
 * {@code RENAME_NOREPLACE}, {@code lchown}, {@code chmod}, {@code utimensat}) as one system call
 * each. This is the only package of bootc4j that calls native code; it is exported so
 * {@code bootc-core} can reuse it.
 *
 * <p>Paths are passed to the kernel as the bytes the JVM uses for file names
 * ({@code sun.jnu.encoding}), so every name NIO can open can be used here. Xattr names are UTF-8
 * (as ostree's {@code a(ayay)} names are expected to be).
 * All methods are stateless and thread-safe.
 */
public final class LinuxFiles {

    private static final int ENODATA = 61;
    private static final int ERANGE = 34;
    private static final int ENOTSUP = 95;
    private static final int EEXIST = 17;
    private static final int EINVAL = 22;
    private static final int ENOSYS = 38;
    private static final long UTIME_OMIT = (1L << 30) - 2;
    private static final int RENAME_NOREPLACE = 1;
    private static final int O_RDONLY = 0;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_CLOEXEC = 02000000;
    private static final Charset FILE_NAMES = fileNameCharset();

    private LinuxFiles() {}

    /** Names of every extended attribute of {@code path} (not following a final symlink). */
    public static List<String> listXattrs(Path path) throws IOException {
        byte[] p = bytes(path);
        for (int attempt = 0; attempt < 5; attempt++) {
            long size = call(() -> LibCExtra.llistxattr(p, null, 0), path, "llistxattr");
            if (size <= 0) {
                return List.of();
            }
            byte[] buf = new byte[(int) size];
            long got;
            try {
                got = LibCExtra.llistxattr(p, buf, buf.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == ERANGE) {
                    continue;
                }
                if (e.getErrorCode() == ENOTSUP) {
                    return List.of();
                }
                throw failure(path, "llistxattr", e);
            }
            return xattrNames(buf, got);
        }
        throw new IOException(path + ": xattr list keeps changing while being read");
    }

    /** The names in the first {@code length} bytes of a {@code listxattr} result (NUL-terminated, UTF-8). */
    static List<String> xattrNames(byte[] buf, long length) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (buf[i] == 0) {
                if (i > start) {
                    names.add(new String(buf, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return names;
    }

    /** The value of xattr {@code name} of {@code path} (not following a final symlink), if present. */
    public static Optional<byte[]> getXattr(Path path, String name) throws IOException {
        byte[] p = bytes(path);
        byte[] n = cString(name.getBytes(StandardCharsets.UTF_8));
        // one call for the common case (ostree's metadata xattrs are small), a size query otherwise
        byte[] small = new byte[256];
        try {
            long got = LibCExtra.lgetxattr(p, n, small, small.length);
            return Optional.of(java.util.Arrays.copyOf(small, (int) got));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENODATA || e.getErrorCode() == ENOTSUP) {
                return Optional.empty();
            }
            if (e.getErrorCode() != ERANGE) {
                throw failure(path, "lgetxattr " + name, e);
            }
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            long size;
            try {
                size = LibCExtra.lgetxattr(p, n, null, 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == ENODATA || e.getErrorCode() == ENOTSUP) {
                    return Optional.empty();
                }
                throw failure(path, "lgetxattr " + name, e);
            }
            byte[] buf = new byte[(int) size];
            if (size == 0) {
                return Optional.of(buf);
            }
            try {
                long got = LibCExtra.lgetxattr(p, n, buf, buf.length);
                return Optional.of(got == buf.length ? buf : java.util.Arrays.copyOf(buf, (int) got));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == ERANGE) {
                    continue;
                }
                if (e.getErrorCode() == ENODATA) {
                    return Optional.empty();
                }
                throw failure(path, "lgetxattr " + name, e);
            }
        }
        throw new IOException(path + ": xattr " + name + " keeps changing while being read");
    }

    /** Sets xattr {@code name} of {@code path} (not following a final symlink), replacing any value. */
    public static void setXattr(Path path, String name, byte[] value) throws IOException {
        byte[] p = bytes(path);
        byte[] n = cString(name.getBytes(StandardCharsets.UTF_8));
        call(() -> (long) LibCExtra.lsetxattr(p, n, value, value.length, 0), path, "lsetxattr " + name);
    }

    /** Removes xattr {@code name} of {@code path}; absent is not an error. */
    public static void removeXattr(Path path, String name) throws IOException {
        byte[] p = bytes(path);
        byte[] n = cString(name.getBytes(StandardCharsets.UTF_8));
        try {
            LibCExtra.lremovexattr(p, n);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != ENODATA) {
                throw failure(path, "lremovexattr " + name, e);
            }
        }
    }

    /**
     * Creates symlink {@code link} pointing to exactly {@code target}. NIO's
     * {@code createSymbolicLink} normalises the target as a path ({@code a//b/} becomes
     * {@code a/b}), which would change what ostree hashes.
     */
    public static void symlink(String target, Path link) throws IOException {
        byte[] t = cString(target.getBytes(FILE_NAMES));
        byte[] l = bytes(link);
        try {
            LibCExtra.symlink(t, l);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == 17) {
                throw new java.nio.file.FileAlreadyExistsException(link.toString());
            }
            throw failure(link, "symlink", e);
        }
    }

    /**
     * True when something (any file type, a dangling symlink included) exists at {@code path}.
     * Unlike {@code Files.exists}, a miss costs no exception, which matters on hot paths that
     * probe one path per object.
     */
    public static boolean existsNoFollow(Path path) {
        return LibC.faccessat(AT_FDCWD, bytes(path), 0, AT_SYMLINK_NOFOLLOW) == 0;
    }

    /**
     * Renames {@code from} to {@code to} unless {@code to} exists ({@code renameat2} with
     * {@code RENAME_NOREPLACE}): one system call, atomic, never replacing what is there.
     *
     * @return false (and {@code from} left in place) when {@code to} already exists
     */
    public static boolean renameNoReplace(Path from, Path to) throws IOException {
        byte[] f = bytes(from);
        byte[] t = bytes(to);
        try {
            LibCExtra.renameat2(AT_FDCWD, f, AT_FDCWD, t, RENAME_NOREPLACE);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EEXIST) {
                return false;
            }
            if (e.getErrorCode() == EINVAL || e.getErrorCode() == ENOSYS) {
                // a filesystem without RENAME_NOREPLACE: check, then rename (racy only against
                // another writer of the same object, whose bytes are the same)
                if (existsNoFollow(to)) {
                    return false;
                }
                java.nio.file.Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return true;
            }
            throw failure(from, "renameat2 to " + to, e);
        }
    }

    /** Sets owner and group of {@code path} without following a final symlink ({@code lchown}). */
    public static void lchown(Path path, int uid, int gid) throws IOException {
        byte[] p = bytes(path);
        call(() -> (long) LibCExtra.lchown(p, uid, gid), path, "lchown");
    }

    /** Sets the permission bits of {@code path} ({@code chmod}; follows symlinks). */
    public static void chmod(Path path, int mode) throws IOException {
        byte[] p = bytes(path);
        call(() -> (long) LibCExtra.chmod(p, mode), path, "chmod");
    }

    /**
     * Sets the modification time of {@code path} to {@code seconds} (nanoseconds 0), leaving the
     * access time, without following a final symlink ({@code utimensat}, {@code AT_SYMLINK_NOFOLLOW}).
     */
    public static void setModifiedTime(Path path, long seconds) throws IOException {
        byte[] p = bytes(path);
        long[] times = {0, UTIME_OMIT, seconds, 0};
        call(() -> (long) LibCExtra.utimensat(AT_FDCWD, p, times, AT_SYMLINK_NOFOLLOW), path, "utimensat");
    }

    /** Flushes every dirty page of the filesystem holding {@code dir} ({@code syncfs(2)}). */
    public static void syncFilesystem(Path dir) throws IOException {
        byte[] p = bytes(dir);
        int fd = (int) call(() -> (long) LibC.open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC), dir, "open");
        try {
            call(() -> (long) LibCExtra.syncfs(fd), dir, "syncfs");
        } finally {
            LibC.close(fd);
        }
    }

    private interface Call {
        long run();
    }

    private static long call(Call c, Path path, String what) throws IOException {
        try {
            return c.run();
        } catch (LastErrorException e) {
            throw failure(path, what, e);
        }
    }

    /** {@code what} failed on {@code path}: the message names both and the errno. */
    static IOException failure(Path path, String what, LastErrorException e) {
        return new IOException(path + ": " + what + " failed: errno " + e.getErrorCode(), e);
    }

    private static byte[] bytes(Path path) {
        return cString(path.toString().getBytes(FILE_NAMES));
    }

    private static byte[] cString(byte[] b) {
        return java.util.Arrays.copyOf(b, b.length + 1);
    }

    private static Charset fileNameCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }
}
