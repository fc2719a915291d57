package io.bootc4j.ostree;

import io.bootc4j.ostree.internal.nativeio.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Computes a content object's checksum while its bytes stream past:
 * {@code sha256(checksumHeader ‖ content)} ({@code ostree_checksum_file_from_input}). One
 * instance holds one SHA-256 digest (OpenSSL's libcrypto when it is available, else the JDK's;
 * the system property {@code bootc4j.sha256=jdk} forces the JDK's) and can be reused for many
 * files with {@link #restart}. A direct buffer given to {@link #update(ByteBuffer)} is hashed in
 * place. Not thread-safe.
 *
 * <pre>{@code
 * ContentHasher h = ContentHasher.begin(header);
 * h.update(buf, 0, n);  // any number of times
 * Checksum c = h.finish();
 * }</pre>
 */
public final class ContentHasher {

    private final Sha256 digest = Sha256.create();
    private boolean started;
    /** The last header and its serialised form: consecutive files of a tree mostly share one. */
    private FileHeader lastHeader;
    private byte[] lastHeaderBytes;

    private ContentHasher() {}

    /** A hasher that has already consumed the header of {@code header}. */
    public static ContentHasher begin(FileHeader header) {
        return new ContentHasher().restart(header);
    }

    /** Discards any state and starts a new object with {@code header}. */
    public ContentHasher restart(FileHeader header) {
        digest.reset();
        if (!header.equals(lastHeader)) {
            lastHeaderBytes = header.checksumHeader();
            lastHeader = header;
        }
        digest.update(lastHeaderBytes, 0, lastHeaderBytes.length);
        started = true;
        return this;
    }

    public ContentHasher update(byte[] b, int off, int len) {
        checkStarted();
        digest.update(b, off, len);
        return this;
    }

    /** Consumes the remaining bytes of {@code buffer} (its position moves to its limit). */
    public ContentHasher update(ByteBuffer buffer) {
        checkStarted();
        digest.update(buffer);
        return this;
    }

    /** The checksum of the header and all content given; the hasher must be restarted afterwards. */
    public Checksum finish() {
        checkStarted();
        started = false;
        return Checksum.ofDigest(digest.digest());
    }

    private void checkStarted() {
        if (!started) {
            throw new IllegalStateException("ContentHasher not started: call restart(FileHeader) after finish()");
        }
    }

    /**
     * This thread's hasher for the static helpers, which are called once per file (a fresh
     * hasher per call would leave each native context to the cleaner); a fresh one if it is busy.
     */
    private static ContentHasher oneShot() {
        ContentHasher h = ONE_SHOT.get();
        return h.started ? new ContentHasher() : h;
    }

    private static final ThreadLocal<ContentHasher> ONE_SHOT = ThreadLocal.withInitial(ContentHasher::new);

    /** The checksum of a symlink object (its content is empty). */
    public static Checksum ofSymlink(FileHeader header) {
        if (!header.isSymlink()) {
            throw new IllegalArgumentException("not a symlink header: mode 0" + Integer.toOctalString(header.mode()));
        }
        return oneShot().restart(header).finish();
    }

    /** Reads {@code content} to its end (without closing it) and returns the file object's checksum. */
    public static Checksum ofFile(FileHeader header, InputStream content) throws IOException {
        Objects.requireNonNull(content, "content");
        ContentHasher h = oneShot().restart(header);
        try {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = content.read(buf)) != -1) {
                h.update(buf, 0, n);
            }
            return h.finish();
        } finally {
            h.started = false; // a failed read must not leave this thread's hasher marked busy
        }
    }
}
