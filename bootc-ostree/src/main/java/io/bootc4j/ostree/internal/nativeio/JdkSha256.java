package io.bootc4j.ostree.internal.nativeio;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 by the JDK's {@code MessageDigest} (fast once C2 has compiled its intrinsic). */
final class JdkSha256 extends Sha256 {

    private final MessageDigest digest;

    JdkSha256() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public Sha256 reset() {
        digest.reset();
        return this;
    }

    @Override
    public Sha256 update(byte[] b, int off, int len) {
        digest.update(b, off, len);
        return this;
    }

    @Override
    public Sha256 update(ByteBuffer buffer) {
        digest.update(buffer);
        return this;
    }

    @Override
    public byte[] digest() {
        return digest.digest();
    }

    @Override
    public void close() {
        // nothing native to free
    }

    @Override
    public String toString() {
        return "Sha256[jdk]";
    }
}
