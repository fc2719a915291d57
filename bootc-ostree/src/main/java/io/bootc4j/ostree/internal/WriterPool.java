package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Checksum;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Daemon threads that write objects for a committer while it walks on: each task has a cost
 * (one per file, or its bytes when the content is held in memory) and {@link #submit} blocks while
 * the queued and running tasks would exceed the budget, so memory stays bounded. {@link #close}
 * drops queued tasks and waits for running ones, so nothing writes into a staging directory that
 * is being deleted. Used from one submitting thread.
 */
final class WriterPool implements AutoCloseable {

    private final ExecutorService pool;
    private final Semaphore budget;
    private final int capacity;

    WriterPool(int threads, int capacity) {
        if (threads < 1 || capacity < 1) {
            throw new IllegalArgumentException("threads and capacity must be positive, got " + threads + ", " + capacity);
        }
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bootc4j-object-writer");
            t.setDaemon(true);
            return t;
        });
        this.budget = new Semaphore(capacity);
        this.capacity = capacity;
    }

    /** Runs {@code task} on the pool once {@code cost} (at most the capacity) is free. */
    Future<Checksum> submit(int cost, String what, Callable<Checksum> task) throws IOException {
        int c = Math.min(Math.max(cost, 1), capacity);
        try {
            budget.acquire(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while committing " + what);
        }
        try {
            return pool.submit(() -> {
                try {
                    return task.call();
                } finally {
                    budget.release(c);
                }
            });
        } catch (RuntimeException e) {
            budget.release(c);
            throw e;
        }
    }

    /** The task's checksum, or the exception it failed with. */
    static Checksum await(Future<Checksum> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an object to be written");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
    }

    /** Runs every task submitted so far to its end, then stops the threads; no task may be submitted after. */
    void drain() throws IOException {
        pool.shutdown();
        try {
            while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                // a large file can take longer than a minute on a slow disk: keep waiting
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for objects to be written");
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
