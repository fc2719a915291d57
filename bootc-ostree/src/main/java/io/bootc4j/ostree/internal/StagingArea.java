package io.bootc4j.ostree.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transaction's private staging directory {@code tmp/staging-BOOTID-XXXXXX}, locked by an
 * exclusive lock on the sibling file {@code tmp/staging-BOOTID-XXXXXX-lock}, as ostree lays it
 * out (reference: ostree-format §1.7). Objects are written here under temporary names, then moved
 * into {@code objects/} when the transaction completes. A staging directory whose lock file is not
 * locked belongs to a dead process and is removed by {@link #removeStale}. Temporary file names are
 * unique per area and safe to allocate from several threads; each thread writes into its own
 * subdirectory (see {@link #newTempPath}), which ostree's clean-up removes with the area.
 */
public final class StagingArea implements AutoCloseable {

    /** Made only when something is logged: slf4j's first lookup costs ~25 ms of a command's start. */
    private static Logger log() {
        return LoggerFactory.getLogger(StagingArea.class);
    }
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Path dir;
    private final Path lockFile;
    private final FileChannel lockChannel;
    private final AtomicLong counter = new AtomicLong();
    private final AtomicInteger shards = new AtomicInteger();
    private final ThreadLocal<Path> shard = new ThreadLocal<>();

    private StagingArea(Path dir, Path lockFile, FileChannel lockChannel) {
        this.dir = dir;
        this.lockFile = lockFile;
        this.lockChannel = lockChannel;
    }

    /** Creates and locks a fresh staging directory under {@code tmpDir}. */
    public static StagingArea allocate(Path tmpDir) throws IOException {
        String prefix = "staging-" + bootId() + "-";
        SecureRandom random = new SecureRandom();
        for (int attempt = 0; attempt < 100; attempt++) {
            StringBuilder name = new StringBuilder(prefix);
            for (int i = 0; i < 6; i++) {
                name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            Path lock = tmpDir.resolve(name + "-lock");
            FileChannel ch;
            try {
                ch = FileChannel.open(lock, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            try {
                FileLock l = ch.tryLock();
                Path dir = tmpDir.resolve(name.toString());
                if (l == null) {
                    throw new IOException(lock + ": freshly created staging lock is already locked");
                }
                Files.createDirectory(dir);
                return new StagingArea(dir, lock, ch);
            } catch (IOException | RuntimeException e) {
                ch.close();
                Files.deleteIfExists(lock);
                if (e instanceof FileAlreadyExistsException) {
                    continue;
                }
                throw e;
            }
        }
        throw new IOException(tmpDir + ": could not allocate a staging directory");
    }

    /** The staging directory. */
    public Path dir() {
        return dir;
    }

    /**
     * A fresh, not yet existing path for a temporary file, in the calling thread's own
     * subdirectory of the staging directory ({@code w0}, {@code w1}, ...; made on first use).
     * Creating a file takes its directory's inode lock for the whole inode allocation, and on ext4
     * without a journal that allocation skips, one by one, every inode of the group deleted in the
     * last minute: right after a large tree was removed, each of a commit's ~12k creations spent
     * most of its time there, under the one staging directory's lock, while the other writer
     * thread spun on it. With a directory per thread the writers allocate side by side.
     */
    public Path newTempPath() throws IOException {
        Path d = shard.get();
        if (d == null) {
            d = dir.resolve("w" + shards.getAndIncrement());
            Files.createDirectory(d);
            shard.set(d);
        }
        return d.resolve(".tmp-" + counter.incrementAndGet());
    }

    /** Deletes the staging directory and its contents, then releases and deletes the lock file. */
    @Override
    public void close() throws IOException {
        try {
            deleteTree(dir);
        } finally {
            try {
                lockChannel.close();
            } finally {
                Files.deleteIfExists(lockFile);
            }
        }
    }

    /**
     * Removes every {@code tmp/staging-*} directory whose lock is not held: staging areas of
     * transactions that crashed or were killed. Locked ones (live transactions, ours or ostree's)
     * are left alone.
     */
    public static void removeStale(Path tmpDir) throws IOException {
        if (!Files.isDirectory(tmpDir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmpDir, "staging-*")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.endsWith("-lock") || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Path lock = tmpDir.resolve(name + "-lock");
                try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    FileLock l;
                    try {
                        l = ch.tryLock();
                    } catch (OverlappingFileLockException e) {
                        continue;
                    }
                    if (l == null) {
                        continue;
                    }
                    log().debug("removing stale staging directory {}", p);
                    deleteTree(p);
                    Files.deleteIfExists(lock);
                }
            }
        }
    }

    /** Deletes {@code root} recursively without following symlinks; absent is fine. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException ignored) {
                    // already gone
                }
            }
        }
    }

    private static String bootId() {
        String env = System.getenv("OSTREE_BOOTID");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "00000000-0000-0000-0000-000000000000";
        }
    }
}
