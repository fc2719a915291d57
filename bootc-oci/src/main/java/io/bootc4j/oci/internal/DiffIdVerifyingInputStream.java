package io.bootc4j.oci.internal;

import io.bootc4j.oci.CorruptLayerException;
import io.bootc4j.oci.DiffIdMismatchException;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.DigestingInputStream;
import io.bootc4j.oci.layer.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Passes a layer blob through unchanged while a second thread decompresses a copy of the same
 * bytes (gzip, zstd or none, detected as {@link Compression#autoDecompress} does) and hashes the
 * tar: the layer's diff_id. The {@code read} that reaches end-of-stream waits for that hash and
 * throws {@link DiffIdMismatchException} when it differs from the expected diff_id, so a consumer
 * that stores the blob only after reading it to the end without an exception never keeps a layer
 * whose diff_id is wrong.
 *
 * <p>Memory is bounded: the bytes travel to the hashing thread in {@value #CHUNKS} reusable chunks
 * of {@value #CHUNK_SIZE} bytes; when all are in use (the decompressor is behind), {@code read}
 * waits for one. A failure on the hashing side (the layer does not decompress) fails the next
 * {@code read}; {@link #close()} before end-of-stream, or an interrupt of the reading thread,
 * cancels the hashing thread and waits for it to stop. {@code skip} reads through (so skipped
 * bytes are hashed too); mark/reset is not supported. Not thread-safe (one reader).
 */
public final class DiffIdVerifyingInputStream extends InputStream {

    static final int CHUNK_SIZE = 256 * 1024;
    static final int CHUNKS = 4;
    private static final long POLL_MILLIS = 100;
    private static final long STOP_WAIT_MILLIS = 10_000;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Chunk END = new Chunk(new byte[0], -1);

    private final InputStream blob;
    private final String source;
    private final Digest layer;
    private final Digest expected;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    /** Holds every chunk plus {@link #END}, so putting into it never blocks. */
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final FutureTask<Digest> hashing;
    private final Thread hasher;
    private byte[] pending;
    private int pendingLength;
    private boolean verified;

    private record Chunk(byte[] bytes, int length) {
    }

    /**
     * Starts the hashing thread.
     *
     * @param source names the image for messages, e.g. {@code "oci:/srv/img:latest"}
     * @param layer the layer blob's digest, for messages
     * @param expected the diff_id the image config lists for this layer
     */
    public DiffIdVerifyingInputStream(InputStream blob, String source, Digest layer, Digest expected) {
        this.blob = blob;
        this.source = source;
        this.layer = layer;
        this.expected = expected;
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new byte[CHUNK_SIZE]);
        }
        this.hashing = new FutureTask<>(this::hashUncompressed);
        this.hasher = new Thread(hashing, "bootc4j-diffid-" + THREADS.incrementAndGet());
        hasher.setDaemon(true);
        hasher.start();
    }

    @Override
    public int read() throws IOException {
        if (verified) {
            return -1;
        }
        int b = blob.read();
        if (b < 0) {
            finish();
            return -1;
        }
        feed(new byte[] {(byte) b}, 0, 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (verified) {
            return -1;
        }
        int n = blob.read(b, off, len);
        if (n < 0) {
            finish();
            return -1;
        }
        feed(b, off, n);
        return n;
    }

    /** Cancels the hashing thread unless the diff_id was verified, waits for it, closes the blob. */
    @Override
    public void close() throws IOException {
        try {
            if (!hashing.isDone()) {
                hashing.cancel(true);
            }
            awaitHasherStopped();
        } finally {
            blob.close();
        }
    }

    private void feed(byte[] b, int off, int n) throws IOException {
        int done = 0;
        while (done < n) {
            if (pending == null) {
                pending = takeFree();
                pendingLength = 0;
            }
            int k = Math.min(CHUNK_SIZE - pendingLength, n - done);
            System.arraycopy(b, off + done, pending, pendingLength, k);
            pendingLength += k;
            done += k;
            if (pendingLength == CHUNK_SIZE) {
                flush();
            }
        }
    }

    private void flush() {
        if (pending != null) {
            filled.add(new Chunk(pending, pendingLength));
            pending = null;
        }
    }

    private byte[] takeFree() throws IOException {
        try {
            while (true) {
                byte[] chunk = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (chunk != null) {
                    return chunk;
                }
                if (hashing.isDone()) {
                    result(); // throws the hashing side's failure
                    throw new IllegalStateException("diff_id hashing of layer " + layer + " ended before the blob did");
                }
            }
        } catch (InterruptedException e) {
            throw interrupted("verifying its diff_id");
        }
    }

    private void finish() throws IOException {
        flush();
        filled.add(END);
        Digest actual = result();
        if (!actual.equals(expected)) {
            throw new DiffIdMismatchException(source, layer, expected, actual);
        }
        verified = true;
    }

    private Digest result() throws IOException {
        try {
            return hashing.get();
        } catch (InterruptedException e) {
            throw interrupted("verifying its diff_id");
        } catch (CancellationException e) {
            throw new InterruptedIOException(source + ": layer " + layer + ": diff_id verification cancelled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedIOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CorruptLayerException(Optional.of(layer), "in " + source
                    + ": cannot decompress it to verify its diff_id: " + cause.getMessage(), cause);
        }
    }

    private void awaitHasherStopped() throws InterruptedIOException {
        try {
            hasher.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            throw interrupted("stopping its diff_id verification");
        }
    }

    /** Restores this thread's interrupt flag and returns the exception to throw. */
    private InterruptedIOException interrupted(String doing) {
        Thread.currentThread().interrupt();
        return new InterruptedIOException(source + ": layer " + layer + ": interrupted while " + doing);
    }

    /** Runs on the hashing thread. */
    private Digest hashUncompressed() throws IOException {
        ChunkStream chunks = new ChunkStream();
        try (InputStream tar = Compression.autoDecompress(chunks)) {
            Digest digest = DigestingInputStream.hashing(tar, expected.algorithm()).drain();
            chunks.drain(); // bytes after the compressed stream's end are not part of the tar
            return digest;
        }
    }

    /** The hashing thread's view of the chunks the reading thread hands over. */
    private final class ChunkStream extends InputStream {
        private Chunk current;
        private int position;

        @Override
        public int read() throws IOException {
            return advance() ? current.bytes()[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!advance()) {
                return -1;
            }
            int n = Math.min(len, current.length() - position);
            System.arraycopy(current.bytes(), position, b, off, n);
            position += n;
            return n;
        }

        /** Makes {@link #current} a chunk with bytes left, returning the used one; false at the end. */
        private boolean advance() throws InterruptedIOException {
            while (current != END && (current == null || position == current.length())) {
                if (current != null) {
                    free.add(current.bytes());
                }
                try {
                    current = filled.take();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException("diff_id hashing of layer " + layer + " cancelled");
                }
                position = 0;
            }
            return current != END;
        }

        void drain() throws IOException {
            byte[] buf = new byte[8192];
            while (read(buf, 0, buf.length) >= 0) {
                // discard
            }
        }
    }
}
