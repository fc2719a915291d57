package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.RepoLockedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The repository {@code .lock} (reference: ostree-format §1.7): shared while a transaction
 * writes, exclusive while prune deletes. ostree uses OFD locks; the JDK's {@code FileChannel}
 * locks are classic POSIX record locks, which conflict with OFD locks on Linux, so the two
 * implementations exclude each other. POSIX locks are per process, so threads of this JVM are
 * coordinated by a read-write lock in front of the file lock. Thread-safe.
 */
public final class RepoLock implements AutoCloseable {

    /** A held lock level; closing releases it. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    private static final Hold NONE = () -> {};

    private final Path file;
    private final boolean enabled;
    private final Duration timeout;
    private final ReentrantReadWriteLock inProcess = new ReentrantReadWriteLock();
    private final Object fileState = new Object();
    private FileChannel channel;
    private FileLock fileLock;
    private int sharedHolders;

    public RepoLock(Path file, boolean enabled, Duration timeout) {
        this.file = file;
        this.enabled = enabled;
        this.timeout = timeout;
    }

    /** Takes the shared lock, waiting up to the timeout. */
    public Hold shared() throws IOException {
        if (!enabled) {
            return NONE;
        }
        lockInProcess(inProcess.readLock(), false);
        if (inProcess.isWriteLockedByCurrentThread()) {
            return () -> inProcess.readLock().unlock();
        }
        try {
            synchronized (fileState) {
                if (sharedHolders == 0) {
                    fileLock = acquire(true);
                }
                sharedHolders++;
            }
        } catch (IOException | RuntimeException e) {
            inProcess.readLock().unlock();
            throw e;
        }
        return new Hold() {
            private boolean released;

            @Override
            public void close() {
                if (released) {
                    return;
                }
                released = true;
                synchronized (fileState) {
                    if (--sharedHolders == 0) {
                        releaseFileLock();
                    }
                }
                inProcess.readLock().unlock();
            }
        };
    }

    /** Takes the exclusive lock, waiting up to the timeout. Reentrant for the holding thread. */
    public Hold exclusive() throws IOException {
        if (!enabled) {
            return NONE;
        }
        boolean outermost = !inProcess.isWriteLockedByCurrentThread();
        lockInProcess(inProcess.writeLock(), true);
        if (!outermost) {
            return () -> inProcess.writeLock().unlock();
        }
        try {
            synchronized (fileState) {
                fileLock = acquire(false);
            }
        } catch (IOException | RuntimeException e) {
            inProcess.writeLock().unlock();
            throw e;
        }
        return new Hold() {
            private boolean released;

            @Override
            public void close() {
                if (released) {
                    return;
                }
                released = true;
                synchronized (fileState) {
                    releaseFileLock();
                }
                inProcess.writeLock().unlock();
            }
        };
    }

    private void lockInProcess(java.util.concurrent.locks.Lock lock, boolean exclusive) throws IOException {
        try {
            if (!lock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RepoLockedException(file, exclusive, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for " + file);
        }
    }

    private FileLock acquire(boolean shared) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleep = 5;
        while (true) {
            FileLock l;
            try {
                l = channel.tryLock(0, Long.MAX_VALUE, shared);
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l != null) {
                return l;
            }
            if (System.nanoTime() > deadline) {
                throw new RepoLockedException(file, !shared, timeout);
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for " + file);
            }
            sleep = Math.min(200, sleep * 2);
        }
    }

    private void releaseFileLock() {
        if (fileLock != null) {
            try {
                fileLock.release();
            } catch (IOException ignored) {
                // the channel is closed with the repository; the kernel drops the lock then
            }
            fileLock = null;
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (fileState) {
            releaseFileLock();
            if (channel != null) {
                channel.close();
                channel = null;
            }
        }
    }
}
