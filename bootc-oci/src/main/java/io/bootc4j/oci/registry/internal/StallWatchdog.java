package io.bootc4j.oci.registry.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Notices blob reads that wait too long for the next bytes. The JDK client has no read timeout
 * for a response body: when a server stops sending mid-blob, a read blocks for ever. Each open
 * blob stream holds a {@link Watch}, marks the time it starts a read and clears it when the read
 * returns; one daemon thread, running only while some watch is open, calls a watch's stall
 * action (which closes the connection, so that the blocked read fails and the stream resumes as
 * after a reset) when a read has been waiting longer than the limit. Time spent between reads (the
 * consumer writing to disk) never counts. Thread-safe.
 */
public final class StallWatchdog {

    private final long limitNanos;
    private final long tickMillis;
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private Thread thread; // guarded by this

    public StallWatchdog(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("read timeout must be positive, got " + limit);
        }
        this.limitNanos = limit.toNanos();
        this.tickMillis = Math.max(10, Math.min(1000, limit.toMillis() / 4));
    }

    /** The longest a read may wait for data. */
    public Duration limit() {
        return Duration.ofNanos(limitNanos);
    }

    /** Starts watching; {@code onStall} runs on the watchdog thread, at most once per stalled read. */
    public Watch watch(Runnable onStall) {
        Watch w = new Watch(onStall);
        synchronized (this) {
            watches.add(w);
            if (thread == null) {
                thread = new Thread(this::run, "bootc4j-read-watchdog");
                thread.setDaemon(true);
                thread.start();
            }
        }
        return w;
    }

    /** Whether the watchdog thread is running (it stops a tick after the last watch closed). */
    synchronized boolean running() {
        return thread != null;
    }

    private void run() {
        while (true) {
            try {
                TimeUnit.MILLISECONDS.sleep(tickMillis);
            } catch (InterruptedException e) {
                // only this class starts the thread, and never interrupts it; keep watching
            }
            synchronized (this) {
                if (watches.isEmpty()) {
                    thread = null;
                    return;
                }
            }
            long now = System.nanoTime();
            for (Watch w : watches) {
                w.check(now);
            }
        }
    }

    /** One blob stream's reads. */
    public final class Watch implements AutoCloseable {
        private final Runnable onStall;
        /** When the read in progress started; 0 when no read is in progress. */
        private volatile long readingSince;
        private volatile boolean stalled;

        private Watch(Runnable onStall) {
            this.onStall = onStall;
        }

        /** A read starts now. */
        public void reading() {
            readingSince = System.nanoTime() | 1; // never 0
        }

        /** The read returned or failed. */
        public void idle() {
            readingSince = 0;
        }

        /** Whether a stall was acted on since the last call; clears the mark. */
        public boolean takeStall() {
            boolean s = stalled;
            stalled = false;
            return s;
        }

        private void check(long now) {
            long since = readingSince;
            if (since != 0 && now - since > limitNanos) {
                readingSince = 0;
                stalled = true;
                onStall.run();
            }
        }

        @Override
        public void close() {
            watches.remove(this);
        }
    }
}
