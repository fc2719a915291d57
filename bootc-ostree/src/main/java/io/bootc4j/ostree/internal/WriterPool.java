package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Checksum;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Daemon threads that write objects for a committer while it walks on: each task has a cost
 * (one per file, or its bytes when the content is held in memory) and {@link #submit} blocks while
 * the queued and running tasks would exceed the budget, so memory stays bounded. A blocked
 * submitter is woken once the tasks in flight have fallen to half the budget, not by every task
 * that ends: with a semaphore, each of a Debian tree's 11k files woke it (a futex wake of ~25 µs
 * on the writer, and a context switch), for one more task each time. {@link #close} drops queued
 * tasks and waits for running ones, so nothing writes into a staging directory that is being
 * deleted. Used from one submitting thread.
 */
final class WriterPool implements AutoCloseable {

    private final ExecutorService pool;
    private final int capacity;
    private final int lowWater;
    /** The cost of the tasks submitted and not yet ended. */
    private final AtomicLong inFlight = new AtomicLong();
    /** The level of {@link #inFlight} a blocked submitter waits for, or -1. */
    private volatile long waitingFor = -1;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();

    WriterPool(int threads, int capacity) {
        if (threads < 1 || capacity < 1) {
            throw new IllegalArgumentException("threads and capacity must be positive, got " + threads + ", " + capacity);
        }
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bootc4j-object-writer");
            t.setDaemon(true);
            return t;
        });
        this.capacity = capacity;
        this.lowWater = capacity / 2;
    }

    /** Runs {@code task} on the pool once {@code cost} (at most the capacity) fits in the budget. */
    Future<Checksum> submit(int cost, String what, Callable<Checksum> task) throws IOException {
        int c = Math.min(Math.max(cost, 1), capacity);
        if (inFlight.get() + c > capacity) {
            long target = Math.min(lowWater, capacity - c); // the low-water mark, or room for a large cost
            lock.lock();
            try {
                waitingFor = target;
                while (inFlight.get() > target) {
                    drained.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while committing " + what);
            } finally {
                waitingFor = -1;
                lock.unlock();
            }
        }
        inFlight.addAndGet(c);
        try {
            return pool.submit(() -> {
                try {
                    return task.call();
                } finally {
                    release(c);
                }
            });
        } catch (RuntimeException e) {
            release(c);
            throw e;
        }
    }

    /**
     * Ends a task's share of the budget; wakes the submitter only when this brings the tasks in
     * flight down to the level it waits for. (It publishes that level before it looks at
     * {@link #inFlight}, and this reads it after the decrement, so one of the two sees the other.)
     */
    private void release(int c) {
        long after = inFlight.addAndGet(-c);
        long target = waitingFor;
        if (target >= 0 && after <= target && after + c > target) {
            lock.lock();
            try {
                drained.signalAll();
            } finally {
                lock.unlock();
            }
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
