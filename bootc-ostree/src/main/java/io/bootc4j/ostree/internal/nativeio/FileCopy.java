package io.bootc4j.ostree.internal.nativeio;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Copies a regular file the way C ostree's checkout does: {@code copy_file_range(2)} between two
 * descriptors (the kernel copies, and XFS/btrfs share the extents instead), falling back to
 * {@code sendfile(2)} where the filesystems refuse it; owner and mode are then set on the new
 * file's descriptor ({@code fchown}, {@code fchmod}) rather than by path. Stateless, thread-safe.
 */
public final class FileCopy {

    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_CLOEXEC = 02000000;
    /** Opening a FIFO for reading waits for a writer; with this it does not (regular files ignore it). */
    private static final int O_NONBLOCK = 04000;
    private static final int ENOENT = 2;
    private static final int EEXIST = 17;
    private static final int EXDEV = 18;
    private static final int EINVAL = 22;
    private static final int ENOSYS = 38;
    private static final int EOPNOTSUPP = 95;
    private static final long CHUNK = 1L << 30;
    private static final Charset FILE_NAMES = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

    private FileCopy() {}

    /**
     * Creates {@code target} (which must not exist) with the content of the regular file
     * {@code source}, then sets its owner ({@code uid}/{@code gid}; both -1: leave them) and
     * permission bits {@code mode}.
     */
    public static void copy(Path source, Path target, int uid, int gid, int mode) throws IOException {
        int in = open(source, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0);
        try {
            int out = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
            try {
                transfer(in, out, -1, () -> source + " to " + target);
                if (uid != -1 || gid != -1) {
                    LibC.fchown(out, uid, gid);
                }
                LibC.fchmod(out, mode); // after fchown, which clears set-id bits
            } catch (LastErrorException e) {
                throw new IOException(target + ": setting owner/mode failed (errno " + e.getErrorCode() + ")", e);
            } finally {
                LibC.close(out);
            }
        } finally {
            LibC.close(in);
        }
    }

    /**
     * Copies from {@code in}'s offset to {@code out}'s: {@code size} bytes, or (-1) up to the end
     * of {@code in}; fewer if {@code in} ends first. {@code what}, "SOURCE to TARGET", is only
     * made for a failure's message.
     */
    static void transfer(int in, int out, long size, Supplier<String> what) throws IOException {
        boolean range = true;
        long left = size < 0 ? Long.MAX_VALUE : size;
        while (left > 0) {
            long n;
            try {
                long chunk = Math.min(left, CHUNK);
                n = range ? LibCExtra.copy_file_range(in, null, out, null, chunk, 0) : LibCExtra.sendfile(out, in, null, chunk);
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (range && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
                    range = false; // offsets are the descriptors' own, so sendfile continues where this stopped
                    continue;
                }
                throw new IOException("copying " + what.get() + " failed (errno " + errno + ")", e);
            }
            if (n == 0) {
                return;
            }
            left -= n;
        }
    }

    private static int open(Path path, int flags, int mode) throws IOException {
        byte[] p = (path.toString() + "\0").getBytes(FILE_NAMES);
        try {
            return LibCExtra.open(p, flags, mode);
        } catch (LastErrorException e) {
            switch (e.getErrorCode()) {
                case ENOENT -> throw new NoSuchFileException(path.toString());
                case EEXIST -> throw new FileAlreadyExistsException(path.toString());
                default -> throw new IOException(path + ": open failed (errno " + e.getErrorCode() + ")", e);
            }
        }
    }
}
