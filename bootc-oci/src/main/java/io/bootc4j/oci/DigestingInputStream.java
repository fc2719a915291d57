package io.bootc4j.oci;

import io.bootc4j.oci.internal.TransferBuffers;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * Hashes every byte read through it and, when built with {@link #verifying}, checks size and
 * digest: reading past the declared size fails at once with {@link BlobSizeMismatchException}, and
 * reaching end-of-stream with a different size or digest fails with {@link BlobSizeMismatchException}
 * or {@link DigestMismatchException} from the {@code read} call that hit EOF. So a caller that
 * reads to EOF without an exception has received exactly the promised bytes.
 *
 * <p>Not thread-safe. Closing this stream closes the wrapped one.
 */
public final class DigestingInputStream extends FilterInputStream {

    private final MessageDigest md;
    private final String algorithm;
    private final Digest expected;
    private final long expectedSize;
    private final String subject;
    private long count;
    private Digest result;

    private DigestingInputStream(InputStream in, String algorithm, Digest expected, long expectedSize, String subject) {
        super(Objects.requireNonNull(in, "in"));
        this.algorithm = algorithm;
        this.md = Digest.newMessageDigest(algorithm);
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.subject = subject;
    }

    /** Hashes with {@code algorithm} without checking anything; see {@link #digest()}. */
    public static DigestingInputStream hashing(InputStream in, String algorithm) {
        return new DigestingInputStream(in, algorithm, null, -1, null);
    }

    /**
     * Verifies the stream against {@code expected}.
     *
     * @param expectedSize the declared size, or -1 when unknown
     * @param subject names the content in failure messages, e.g. {@code "oci:/x blob"}
     */
    public static DigestingInputStream verifying(InputStream in, Digest expected, long expectedSize, String subject) {
        return new DigestingInputStream(in, expected.algorithm(), expected, expectedSize, subject);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            finish();
            return -1;
        }
        md.update(b, off, n);
        count += n;
        if (expectedSize >= 0 && count > expectedSize) {
            throw new BlobSizeMismatchException(subject, expected, expectedSize, count);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = TransferBuffers.take();
        try {
            long done = 0;
            while (done < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        } finally {
            TransferBuffers.give(buf);
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // marks would corrupt the running hash
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private void finish() throws IOException {
        if (result == null) {
            result = Digest.fromBytes(algorithm, md.digest());
        }
        if (expected != null) {
            if (expectedSize >= 0 && count != expectedSize) {
                throw new BlobSizeMismatchException(subject, expected, expectedSize, count);
            }
            if (!result.equals(expected)) {
                throw new DigestMismatchException(subject, expected, result);
            }
        }
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    /** The digest of everything read, available once end-of-stream was reached. */
    public Optional<Digest> digest() {
        return Optional.ofNullable(result);
    }

    /** Reads the rest of the stream (verifying as usual) and returns the digest. */
    public Digest drain() throws IOException {
        byte[] buf = TransferBuffers.take();
        try {
            while (read(buf, 0, buf.length) >= 0) {
                // consume
            }
            return result;
        } finally {
            TransferBuffers.give(buf);
        }
    }
}
