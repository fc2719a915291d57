package io.bootc4j.ostree.internal.nativeio;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * An open directory and the {@code *at} system calls relative to it ({@code mkdirat},
 * {@code openat}, {@code linkat}, {@code statx}, {@code fchown}, {@code fchmod}): the kernel
 * resolves one name instead of a whole path, and no {@link Path} is built per entry. Names are
 * single path components as bytes ({@link #name}); {@link #path()} is kept for messages only.
 * Thread-safe: the calls share nothing but the descriptor, which {@link #close} ends.
 */
public final class DirectoryFd implements AutoCloseable {

    public static final int EEXIST = 17;
    public static final int ENOENT = 2;
    private static final int O_RDONLY = 0;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_CLOEXEC = 02000000;
    private static final int ENOTDIR = 20;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int STATX_TYPE_MODE_SIZE = 0x1 | 0x2 | 0x200;
    /** A {@code tv_nsec} that leaves the time as it is. */
    private static final long UTIME_OMIT = (1L << 30) - 2;
    private static final Charset FILE_NAMES = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    private static final boolean UTF8_NAMES = FILE_NAMES.equals(java.nio.charset.StandardCharsets.UTF_8);

    private final int fd;
    private final Path path;

    private DirectoryFd(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    /** Opens the directory {@code dir} (following symlinks, as {@code open(2)} of a path does). */
    public static DirectoryFd open(Path dir) throws IOException {
        byte[] p = (dir.toString() + "\0").getBytes(FILE_NAMES);
        try {
            return new DirectoryFd(LibC.open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC), dir);
        } catch (LastErrorException e) {
            throw failure(dir, "open", e.getErrorCode(), e);
        }
    }

    /**
     * {@code name} as the NUL-terminated bytes the kernel takes.
     *
     * @throws IllegalArgumentException when the JVM's file name encoding (not UTF-8: a C or POSIX
     *     locale) cannot represent it
     */
    public static byte[] name(String name) {
        if (!UTF8_NAMES && !FILE_NAMES.newEncoder().canEncode(name)) {
            // String.getBytes would write '?' for each such character: a different file
            throw new IllegalArgumentException("file name \"" + name + "\" cannot be written in this JVM's file name encoding, "
                    + FILE_NAMES + " (sun.jnu.encoding, from the locale); run with a UTF-8 locale such as LC_ALL=C.UTF-8");
        }
        byte[] b = name.getBytes(FILE_NAMES);
        return java.util.Arrays.copyOf(b, b.length + 1);
    }

    public Path path() {
        return path;
    }

    /** The path of {@code name} (NUL-terminated) in this directory, for messages. */
    Path child(byte[] name) {
        return path.resolve(new String(name, 0, name.length - 1, FILE_NAMES));
    }

    int fd() {
        return fd;
    }

    /** {@code mkdirat(name, mode)}: 0 on success, else the errno. */
    public int mkdir(byte[] name, int mode) {
        try {
            LibC.mkdirat(fd, name, mode);
            return 0;
        } catch (LastErrorException e) {
            return e.getErrorCode();
        }
    }

    /** Opens the child directory {@code name} without following a symlink there. */
    public DirectoryFd openDirectory(byte[] name, Path childPath) throws IOException {
        try {
            return new DirectoryFd(LibC.openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0), childPath);
        } catch (LastErrorException e) {
            throw failure(childPath, "open", e.getErrorCode(), e);
        }
    }

    /** {@code linkat(from/fromName, this/name)} without following symlinks: 0 on success, else the errno. */
    public int link(DirectoryFd from, byte[] fromName, byte[] name) {
        try {
            LibC.linkat(from.fd, fromName, fd, name, 0);
            return 0;
        } catch (LastErrorException e) {
            return e.getErrorCode();
        }
    }

    /**
     * {@code statx} of {@code name} (not following a final symlink): the {@code st_mode} in the
     * low 32 bits and the size above, or -1 when nothing is there.
     */
    public long modeAndSize(byte[] name) throws IOException {
        StatxBuffer statx = StatxBuffer.get();
        try {
            LibC.statx(fd, name, AT_SYMLINK_NOFOLLOW, STATX_TYPE_MODE_SIZE, statx.address);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENOENT) {
                return -1;
            }
            throw failure(child(name), "statx", e.getErrorCode(), e);
        }
        return statx.size() << 32 | statx.mode();
    }

    /** Sets owner and group ({@code fchown}) of this directory. */
    public void chown(int uid, int gid) throws IOException {
        try {
            LibC.fchown(fd, uid, gid);
        } catch (LastErrorException e) {
            throw failure(path, "fchown", e.getErrorCode(), e);
        }
    }

    /** Sets the permission bits ({@code fchmod}) of this directory. */
    public void chmod(int mode) throws IOException {
        try {
            LibC.fchmod(fd, mode);
        } catch (LastErrorException e) {
            throw failure(path, "fchmod", e.getErrorCode(), e);
        }
    }

    /**
     * Sets this directory's modification time to {@code seconds} after the epoch and leaves its
     * access time ({@code futimens}).
     */
    public void setModifiedTime(long seconds) throws IOException {
        try {
            LibC.futimens(fd, new long[] {0, UTIME_OMIT, seconds, 0});
        } catch (LastErrorException e) {
            throw failure(path, "futimens", e.getErrorCode(), e);
        }
    }

    @Override
    public void close() {
        LibC.close(fd);
    }

    /** The NIO exception for {@code errno} of {@code what} on {@code p}, as NIO would throw it. */
    public static IOException failure(Path p, String what, int errno, Exception cause) {
        return switch (errno) {
            case EEXIST -> new FileAlreadyExistsException(p.toString());
            case ENOENT -> new NoSuchFileException(p.toString());
            case ENOTDIR -> new NotDirectoryException(p.toString());
            default -> new IOException(p + ": " + what + " failed: errno " + errno, cause);
        };
    }
}
