package io.bootc4j.oci.cache;

import io.bootc4j.oci.Descriptor;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.DigestingInputStream;
import io.bootc4j.oci.OciException;
import io.bootc4j.oci.ProgressListener;
import io.bootc4j.oci.internal.TransferBuffers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A content-addressed on-disk store of verified blobs: {@code DIR/blobs/ALG/HEX}, the same layout
 * as an OCI image layout's {@code blobs/}.
 *
 * <p>Thread- and process-safe. {@link #get} downloads a missing blob at most once at a time per
 * digest: threads of this JVM queue on an in-process lock, other processes on an exclusive
 * {@link FileLock} on {@code DIR/locks/ALG-HEX.lock}; a waiter finds the blob present when it gets
 * the lock. A blob becomes visible only after its size and digest were verified: it is written
 * to {@code DIR/tmp/}, forced to disk and renamed into place, so a torn or wrong blob is never
 * visible and a crash leaves only a temp file (removed by {@link #removeTemporaryFiles}). Lock
 * files stay in place (deleting them would race with a waiting process).
 */
public final class BlobCache {

    /** Opens the stream a missing blob is read from; the cache verifies and closes it. */
    @FunctionalInterface
    public interface Fetcher {
        InputStream open() throws IOException;
    }

    private final Path root;
    private final Path tmp;
    private final Path locks;
    private final ConcurrentHashMap<Digest, ReentrantLock> inProcess = new ConcurrentHashMap<>();

    private BlobCache(Path root) {
        this.root = root;
        this.tmp = root.resolve("tmp");
        this.locks = root.resolve("locks");
    }

    /** Opens (creating if needed) the cache in {@code dir}. */
    public static BlobCache open(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Files.createDirectories(dir.resolve("blobs"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("locks"));
        return new BlobCache(dir);
    }

    public Path directory() {
        return root;
    }

    /** Where {@code digest} lives once cached. */
    public Path path(Digest digest) {
        return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    /** The cached blob's path, if present. */
    public Optional<Path> find(Digest digest) {
        Path p = path(digest);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * The path of {@code blob}, fetching it first when absent. Progress events are reported only
     * when this call transfers the blob.
     *
     * @throws io.bootc4j.oci.DigestMismatchException when the fetched bytes have another digest (nothing is stored)
     * @throws io.bootc4j.oci.BlobSizeMismatchException when they have another size (nothing is stored)
     */
    public Path get(Descriptor blob, Fetcher fetcher, ProgressListener progress) throws IOException {
        Path target = path(blob.digest());
        if (Files.isRegularFile(target)) {
            progress.blobSkipped(blob);
            return target;
        }
        ReentrantLock lock = inProcess.computeIfAbsent(blob.digest(), d -> new ReentrantLock());
        lock.lock();
        try (FileChannel lockFile = FileChannel.open(locks.resolve(blob.digest().algorithm() + "-" + blob.digest().hex() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock fileLock = lockFile.lock();
            try {
                if (Files.isRegularFile(target)) {
                    progress.blobSkipped(blob);
                    return target;
                }
                fetch(blob, fetcher, progress, target);
                return target;
            } finally {
                fileLock.release();
            }
        } finally {
            lock.unlock();
        }
    }

    private void fetch(Descriptor blob, Fetcher fetcher, ProgressListener progress, Path target) throws IOException {
        Path temp = Files.createTempFile(tmp, blob.digest().hex().substring(0, 12) + "-", ".partial");
        boolean done = false;
        try {
            progress.blobStarted(blob);
            try (InputStream raw = fetcher.open();
                 DigestingInputStream in = DigestingInputStream.verifying(raw, blob.digest(), blob.size(),
                         "blob " + blob.digest());
                 FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream os = Channels.newOutputStream(out);
                byte[] buf = TransferBuffers.take();
                try {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        os.write(buf, 0, n);
                        progress.bytesFetched(blob, n);
                    }
                } finally {
                    TransferBuffers.give(buf);
                }
                out.force(true);
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new OciException("blob cache " + root + ": tmp/ and blobs/ are on different filesystems", e);
            } catch (FileAlreadyExistsException e) {
                // Another writer without our lock (an older copy of the cache) won; content is identical.
            }
            done = true;
            progress.blobDone(blob);
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Deletes leftovers of interrupted downloads; call when no other process uses the cache. */
    public void removeTemporaryFiles() throws IOException {
        try (var s = Files.list(tmp)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public String toString() {
        return "BlobCache[" + root + "]";
    }
}
