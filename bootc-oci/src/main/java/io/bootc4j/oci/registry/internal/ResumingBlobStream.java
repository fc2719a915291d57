package io.bootc4j.oci.registry.internal;

import io.bootc4j.oci.OciException;
import io.bootc4j.oci.internal.TransferBuffers;
import io.bootc4j.oci.registry.RetryPolicy;
import io.bootc4j.oci.registry.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blob body that survives a broken connection: on an I/O error or an early end of stream it
 * asks again with {@code Range: bytes=OFFSET-} and continues. Only a {@code 206} whose
 * {@code Content-Range} starts exactly at the offset and reaches the end of the blob is spliced
 * in (containers/image {@code docker/body_reader.go}); a {@code 200} (server ignored the range)
 * restarts the transfer and discards the bytes already delivered, anything else fails. The
 * attempt budget is reset whenever at least 1 MiB arrived since the last reconnect. A read that
 * waits longer than the {@link StallWatchdog}'s limit for data (the server stopped sending) has
 * its connection closed by the watchdog and counts as a broken connection too. Digest and size
 * are not checked here; wrap the stream in a verifying one. Not thread-safe (but the watchdog
 * may close the current connection from its thread); closing the stream closes the current
 * connection and stops watching it.
 */
public final class ResumingBlobStream extends InputStream {

    private static final Logger LOG = LoggerFactory.getLogger(ResumingBlobStream.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes ([0-9]+)-([0-9]+)/([0-9]+|\\*)");
    private static final long PROGRESS_RESET = 1 << 20;

    /** Reopens the blob; {@code offset > 0} means a {@code Range} request. The stream checks the status. */
    @FunctionalInterface
    public interface Opener {
        HttpResponse<InputStream> open(long offset) throws IOException;
    }

    /** Maps an unexpected response to an exception (closing its body). */
    @FunctionalInterface
    public interface ErrorMapper {
        IOException error(HttpResponse<InputStream> response);
    }

    private final long size;
    private final Opener opener;
    private final ErrorMapper errors;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final String subject;
    private final StallWatchdog watchdog;
    private final StallWatchdog.Watch watch;
    private volatile InputStream current;
    private long position;
    private long sinceReconnect;
    private int failures;
    private int resumes;
    private boolean closed;

    /** @param first the initial 200 response; {@code size} is the descriptor's size */
    public ResumingBlobStream(HttpResponse<InputStream> first, long size, Opener opener, ErrorMapper errors,
                              RetryPolicy policy, Sleeper sleeper, StallWatchdog watchdog, String subject) {
        this.current = first.body();
        this.size = size;
        this.opener = opener;
        this.errors = errors;
        this.policy = policy;
        this.sleeper = sleeper;
        this.subject = subject;
        this.watchdog = watchdog;
        this.watch = watchdog.watch(() -> closeQuietly(current));
    }

    /** How many times the transfer was reconnected. */
    public int resumes() {
        return resumes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException(subject + ": stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (true) {
            int n;
            watch.reading();
            try {
                n = current.read(b, off, len);
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                watch.idle();
                reconnect(watch.takeStall() ? stalled(e) : e);
                continue;
            } finally {
                watch.idle();
            }
            if (n < 0 && position < size && watch.takeStall()) {
                reconnect(stalled(null));
                continue;
            }
            if (n < 0 && position < size) {
                reconnect(new IOException("connection closed after " + position + " of " + size + " bytes"));
                continue;
            }
            if (n > 0) {
                position += n;
                sinceReconnect += n;
            }
            return n;
        }
    }

    private IOException stalled(IOException closed) {
        return new IOException("no data received for " + watchdog.limit().toMillis() + " ms", closed);
    }

    private void reconnect(IOException cause) throws IOException {
        if (sinceReconnect >= PROGRESS_RESET) {
            failures = 0;
        }
        failures++;
        closeQuietly(current);
        if (failures >= policy.maxAttempts()) {
            throw new OciException(subject + ": download failed at byte " + position + " of " + size + " after "
                    + failures + " attempts: " + Endpoints.describe(cause), cause);
        }
        LOG.info("{}: {} at byte {} of {}; resuming", subject, Endpoints.describe(cause), position, size);
        try {
            sleeper.sleep(policy.backoff(failures));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(subject + ": interrupted while waiting to resume");
        }
        sinceReconnect = 0;
        resumes++;
        HttpResponse<InputStream> r;
        try {
            r = opener.open(position);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            e.addSuppressed(cause);
            current = InputStream.nullInputStream();
            reconnectLater(e);
            return;
        }
        if (r.statusCode() == 206) {
            Optional<String> range = r.headers().firstValue("Content-Range");
            Matcher m = range.map(CONTENT_RANGE::matcher).filter(Matcher::matches).orElse(null);
            if (m == null || Long.parseLong(m.group(1)) != position || Long.parseLong(m.group(2)) != size - 1
                    || !(m.group(3).equals("*") || Long.parseLong(m.group(3)) == size)) {
                Responses.discard(r);
                throw new OciException(subject + ": resume at byte " + position + " got Content-Range "
                        + range.orElse("(none)") + ", expected bytes " + position + "-" + (size - 1) + "/" + size);
            }
            current = r.body();
        } else if (r.statusCode() == 200) {
            LOG.info("{}: server ignored Range, discarding the first {} bytes", subject, position);
            current = r.body();
            try {
                discard(current, position);
            } catch (IOException e) {
                reconnectLater(e);
            }
        } else {
            throw errors.error(r);
        }
    }

    /** Reads and drops {@code n} bytes ({@code InputStream.skip} would read them 2 KiB at a time). */
    private void discard(InputStream in, long n) throws IOException {
        byte[] buf = TransferBuffers.take();
        try {
            long left = n;
            while (left > 0) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) {
                    throw new IOException("connection closed after " + (n - left) + " of the " + n + " bytes to discard");
                }
                left -= r;
            }
        } finally {
            TransferBuffers.give(buf);
        }
    }

    private void reconnectLater(IOException e) throws IOException {
        // The reconnect itself failed; count it and try again from the same position.
        reconnect(e);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            watch.close();
            current.close();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the connection is already broken
        }
    }
}
