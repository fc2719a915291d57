package io.bootc4j.ostree.internal.nativeio;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigestSpi;
import java.util.Objects;

/**
 * The {@code MessageDigest} engine behind {@code NativeDigestProvider}: SHA-256 by libcrypto (see
 * {@link NativeSha256}). Small updates, single bytes included, are gathered in a heap buffer of
 * {@value #PENDING} bytes and handed to libcrypto together, because the JDK's own users (TLS
 * transcripts, jar manifests, signatures) feed a digest in many small pieces and each native call
 * has a fixed cost. Larger updates go straight through; a direct buffer is hashed in place.
 *
 * <p>{@link #clone} copies the libcrypto state ({@code EVP_MD_CTX_copy_ex}), so the clone and the
 * original continue independently; the JDK's TLS stack relies on this for its transcript hashes.
 * Each instance owns its native context, freed by a cleaner once the instance is unreachable.
 *
 * <p>Not thread-safe, like every {@code MessageDigest}.
 */
public final class NativeSha256Spi extends MessageDigestSpi implements Cloneable {

    /** Bytes gathered on the heap before one native update. */
    static final int PENDING = 512;

    private final NativeSha256 hash;
    private final byte[] pending;
    private int pendingLength;

    /**
     * A new engine at the start of an empty message.
     *
     * @throws IllegalStateException when libcrypto's SHA-256 is not available in this process
     */
    public NativeSha256Spi() {
        this(new NativeSha256(), new byte[PENDING], 0);
    }

    private NativeSha256Spi(NativeSha256 hash, byte[] pending, int pendingLength) {
        this.hash = hash;
        this.pending = pending;
        this.pendingLength = pendingLength;
    }

    @Override
    protected int engineGetDigestLength() {
        return Sha256.LENGTH;
    }

    @Override
    protected void engineUpdate(byte input) {
        if (pendingLength == PENDING) {
            flush();
        }
        pending[pendingLength++] = input;
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        Objects.checkFromIndexSize(offset, len, input.length);
        if (len > PENDING - pendingLength) {
            flush();
            if (len >= PENDING) {
                hash.update(input, offset, len);
                return;
            }
        }
        System.arraycopy(input, offset, pending, pendingLength, len);
        pendingLength += len;
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
        int len = input.remaining();
        if (len > PENDING - pendingLength) {
            flush();
            if (len >= PENDING) {
                hash.update(input);
                return;
            }
        }
        input.get(pending, pendingLength, len);
        pendingLength += len;
    }

    @Override
    protected byte[] engineDigest() {
        flush();
        return hash.digest();
    }

    @Override
    protected int engineDigest(byte[] buf, int offset, int len) throws DigestException {
        if (len < Sha256.LENGTH) {
            throw new DigestException("SHA-256 needs " + Sha256.LENGTH + " bytes for its digest, given " + len);
        }
        if (offset < 0 || len < 0 || offset > buf.length - len) {
            throw new DigestException("SHA-256 digest: offset " + offset + " and length " + len
                    + " do not fit a buffer of " + buf.length + " bytes");
        }
        System.arraycopy(engineDigest(), 0, buf, offset, Sha256.LENGTH);
        return Sha256.LENGTH;
    }

    @Override
    protected void engineReset() {
        pendingLength = 0;
        hash.reset();
    }

    /** An independent engine holding the same partial message (its own native context). */
    @Override
    public Object clone() {
        return new NativeSha256Spi(hash.copy(), pending.clone(), pendingLength);
    }

    private void flush() {
        if (pendingLength > 0) {
            hash.update(pending, 0, pendingLength);
            pendingLength = 0;
        }
    }

    @Override
    public String toString() {
        return "NativeSha256Spi[openssl]";
    }
}
