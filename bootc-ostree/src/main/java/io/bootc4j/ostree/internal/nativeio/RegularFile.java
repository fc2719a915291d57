package io.bootc4j.ostree.internal.nativeio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A regular file opened once (without following a final symlink) and then examined and read
 * through its descriptor: {@code statx} for owner, mode and size, {@code flistxattr} and
 * {@code fgetxattr} for extended attributes, {@code read} straight into a direct buffer. fsck
 * uses it to check a bare object with one {@code open} where path-based calls cost a path lookup
 * each and Java streams copy through the heap. Single-thread; {@link #close} closes the descriptor.
 */
public final class RegularFile implements AutoCloseable {

    private static final int AT_FDCWD = -100;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_CLOEXEC = 02000000;
    /** Opening a FIFO for reading waits for a writer; with this it does not (regular files ignore it). */
    private static final int O_NONBLOCK = 04000;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int ENOENT = 2;
    private static final int EINTR = 4;
    private static final int ERANGE = 34;
    private static final int ELOOP = 40;
    private static final int ENODATA = 61;
    private static final int ENOTSUP = 95;
    private static final byte[] EMPTY_PATH = {0};
    private static final Charset FILE_NAMES = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

    /** Where the file is, for messages: given, or made from {@link #dir} and {@link #name} when first needed. */
    private Path path;
    private final DirectoryFd dir;
    private final byte[] name;
    private final int fd;
    private final int uid;
    private final int gid;
    private final int mode;
    private final long size;
    private ByteBuffer lastBuffer;
    private long lastAddress;

    private RegularFile(Path path, DirectoryFd dir, byte[] name, int fd, int uid, int gid, int mode, long size) {
        this.path = path;
        this.dir = dir;
        this.name = name;
        this.fd = fd;
        this.uid = uid;
        this.gid = gid;
        this.mode = mode;
        this.size = size;
    }

    /**
     * Opens {@code path} if it is a regular file; empty when it is a symlink or anything else.
     *
     * @throws NoSuchFileException when nothing is at {@code path}
     */
    public static Optional<RegularFile> open(Path path) throws IOException {
        return open(AT_FDCWD, (path.toString() + "\0").getBytes(FILE_NAMES), path, null);
    }

    /**
     * Opens {@code name} (NUL-terminated, relative) in {@code dir} if it is a regular file; empty
     * when it is a symlink or anything else. Its path is only made for a message.
     *
     * @throws NoSuchFileException when nothing is there
     */
    public static Optional<RegularFile> openAt(DirectoryFd dir, byte[] name) throws IOException {
        return open(dir.fd(), name, null, dir);
    }

    /** {@code openat(dirfd, name)}, then {@code statx}; {@code path}, or {@code dir} and {@code name}, name it in messages. */
    private static Optional<RegularFile> open(int dirfd, byte[] name, Path path, DirectoryFd dir) throws IOException {
        int fd;
        try {
            fd = LibC.openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            Path where = path != null ? path : dir.child(name);
            switch (e.getErrorCode()) {
                case ELOOP -> {
                    return Optional.empty();
                }
                case ENOENT -> throw new NoSuchFileException(where.toString());
                default -> throw LinuxFiles.failure(where, "open", e);
            }
        }
        try {
            StatxBuffer stx = StatxBuffer.get();
            LibC.statx(fd, EMPTY_PATH, AT_EMPTY_PATH, STATX_BASIC_STATS, stx.address);
            int mode = stx.mode();
            if ((mode & S_IFMT) != S_IFREG) {
                LibC.close(fd);
                return Optional.empty();
            }
            return Optional.of(new RegularFile(path, dir, name, fd, stx.uid(), stx.gid(), mode, stx.size()));
        } catch (LastErrorException e) {
            LibC.close(fd);
            throw LinuxFiles.failure(path != null ? path : dir.child(name), "statx", e);
        }
    }

    public Path path() {
        if (path == null) {
            path = dir.child(name);
        }
        return path;
    }

    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    /** {@code st_mode}: file type and permission bits. */
    public int mode() {
        return mode;
    }

    public long size() {
        return size;
    }

    /** Names of every extended attribute, in the order the filesystem lists them. */
    public List<String> xattrNames() throws IOException {
        byte[] buf = new byte[1024];
        for (int attempt = 0; attempt < 5; attempt++) {
            long got;
            try {
                got = LibCExtra.flistxattr(fd, buf, buf.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == ENOTSUP) {
                    return List.of();
                }
                if (e.getErrorCode() != ERANGE) {
                    throw LinuxFiles.failure(path(), "flistxattr", e);
                }
                buf = new byte[(int) Math.max(2L * buf.length, sizeOrZero(() -> LibCExtra.flistxattr(fd, null, 0)))];
                continue;
            }
            return LinuxFiles.xattrNames(buf, got);
        }
        throw new IOException(path() + ": xattr list keeps changing while being read");
    }

    /** The value of xattr {@code name}, if present. */
    public Optional<byte[]> xattr(String name) throws IOException {
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[256];
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                long got = LibCExtra.fgetxattr(fd, n, buf, buf.length);
                return Optional.of(got == buf.length ? buf : Arrays.copyOf(buf, (int) got));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == ENODATA || e.getErrorCode() == ENOTSUP) {
                    return Optional.empty();
                }
                if (e.getErrorCode() != ERANGE) {
                    throw LinuxFiles.failure(path(), "fgetxattr " + name, e);
                }
                buf = new byte[(int) Math.max(2L * buf.length, sizeOrZero(() -> LibCExtra.fgetxattr(fd, n, null, 0)))];
            }
        }
        throw new IOException(path() + ": xattr " + name + " keeps changing while being read");
    }

    /**
     * Reads into the direct buffer {@code buffer} from its position up to its limit, advancing the
     * position: the number of bytes read, -1 at the end of the file.
     */
    public int read(ByteBuffer buffer) throws IOException {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("read needs a direct buffer");
        }
        if (buffer != lastBuffer) {
            lastAddress = Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
            lastBuffer = buffer;
        }
        int pos = buffer.position();
        int want = buffer.remaining();
        if (want == 0) {
            return 0;
        }
        while (true) {
            try {
                long n = LibC.read(fd, lastAddress + pos, want);
                if (n == 0) {
                    return -1;
                }
                buffer.position(pos + (int) n);
                return (int) n;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw LinuxFiles.failure(path(), "read", e);
                }
            }
        }
    }

    /**
     * The whole file as one array sized by {@link #size}: for small files, such as metadata
     * objects, which NIO would read with an open, an {@code fstat}, a read through a temporary
     * direct buffer and a close, each with its own objects. Bytes past {@link #size} (a file that
     * grew) are not read; a file that shrank gives what it still holds.
     *
     * @throws IOException when {@link #size} exceeds what one array can hold
     */
    public byte[] readAll() throws IOException {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException(path() + ": " + size + " bytes are too many to read into memory");
        }
        byte[] data = new byte[(int) size];
        int n = 0;
        while (n < data.length) {
            byte[] into = n == 0 ? data : new byte[data.length - n]; // after a short read only
            long got;
            try {
                got = LibC.read(fd, into, into.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EINTR) {
                    continue;
                }
                throw LinuxFiles.failure(path(), "read", e);
            }
            if (got == 0) {
                return Arrays.copyOf(data, n);
            }
            if (into != data) {
                System.arraycopy(into, 0, data, n, (int) got);
            }
            n += (int) got;
        }
        return data;
    }

    /**
     * Every extended attribute with a non-empty value, as ostree records a file's: names in the
     * order the filesystem lists them.
     */
    public Map<String, byte[]> xattrs() throws IOException {
        List<String> names = xattrNames();
        if (names.isEmpty()) {
            return Map.of();
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String n : names) {
            xattr(n).filter(v -> v.length > 0).ifPresent(v -> out.put(n, v));
        }
        return out;
    }

    /**
     * Creates {@code name} (NUL-terminated) in {@code to}, where nothing may be, with this file's
     * {@link #size} bytes ({@code copy_file_range}, as {@link FileCopy}), then sets on the new
     * descriptor its owner ({@code uid}/{@code gid}; both -1: leave them), its {@code xattrs} and
     * its permission bits {@code mode}, in that order (a chown would clear a file capability and
     * set-id bits).
     */
    public void copyTo(DirectoryFd to, byte[] name, int uid, int gid, Map<String, byte[]> xattrs, int mode)
            throws IOException {
        int out;
        try {
            out = LibC.openat(to.fd(), name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        } catch (LastErrorException e) {
            throw DirectoryFd.failure(to.child(name), "open", e.getErrorCode(), e);
        }
        try {
            FileCopy.transfer(fd, out, size, () -> path() + " to " + to.child(name));
            String step = "fchown";
            try {
                if (uid != -1 || gid != -1) {
                    LibC.fchown(out, uid, gid);
                }
                for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
                    step = "fsetxattr " + x.getKey();
                    byte[] value = x.getValue();
                    LibCExtra.fsetxattr(out, (x.getKey() + "\0").getBytes(StandardCharsets.UTF_8), value, value.length, 0);
                }
                step = "fchmod";
                LibC.fchmod(out, mode);
            } catch (LastErrorException e) {
                throw LinuxFiles.failure(to.child(name), step, e);
            }
        } finally {
            LibC.close(out);
        }
    }

    @Override
    public void close() {
        LibC.close(fd);
    }

    private interface SizeQuery {
        long run();
    }

    private static long sizeOrZero(SizeQuery q) {
        try {
            return q.run();
        } catch (LastErrorException e) {
            return 0;
        }
    }
}
