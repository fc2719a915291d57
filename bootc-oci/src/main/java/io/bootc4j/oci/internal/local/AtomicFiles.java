package io.bootc4j.oci.internal.local;

import io.bootc4j.oci.Digest;
import io.bootc4j.oci.DigestingInputStream;
import io.bootc4j.oci.internal.TransferBuffers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files the way every destination must: into a temp file beside the target, fsynced,
 * then renamed over it, so readers see either the old file or the complete new one.
 */
final class AtomicFiles {

    /** The result of {@link #writeStream}: digest and size of what was stored. */
    record Written(Digest digest, long size) {
    }

    private AtomicFiles() {
    }

    static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Streams {@code in} (not closed) into a temp file in {@code dir} while hashing it, then
     * renames it to the name {@code nameFor} gives for the digest.
     */
    static Written writeStream(Path dir, InputStream in, java.util.function.Function<Digest, Path> nameFor,
            java.util.function.LongConsumer progress) throws IOException {
        Path tmp = Files.createTempFile(dir, ".blob-", ".tmp");
        try {
            DigestingInputStream hashing = DigestingInputStream.hashing(in, Digest.SHA256);
            copyAndSync(hashing, tmp, progress);
            Digest d = hashing.digest().orElseThrow();
            Path target = nameFor.apply(d);
            Files.createDirectories(target.getParent());
            if (!Files.exists(target)) {
                // content-addressed: an existing file already holds exactly these bytes, never replace it
                move(tmp, target);
            }
            return new Written(d, hashing.count());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Streams {@code in} (not closed) into a temp file in {@code dir} without hashing it, for a
     * stream that verifies its own digest and throws at end-of-stream on a mismatch: only once
     * end-of-stream was reached without an exception, and the size is {@code size}, is the file
     * renamed to {@code target}.
     */
    static void writeVerifiedStream(Path dir, InputStream in, Path target, Digest digest, long size, String subject)
            throws IOException {
        Path tmp = Files.createTempFile(dir, ".blob-", ".tmp");
        try {
            long count = copyAndSync(in, tmp, n -> { });
            if (count != size) {
                throw new io.bootc4j.oci.BlobSizeMismatchException(subject, digest, size, count);
            }
            Files.createDirectories(target.getParent());
            if (!Files.exists(target)) {
                move(tmp, target);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Copies {@code in} to end-of-stream into {@code file}, flushing it to disk as it goes (see
     * {@link EarlyWriteback}), then fsyncs it; returns the byte count.
     */
    private static long copyAndSync(InputStream in, Path file, java.util.function.LongConsumer progress) throws IOException {
        byte[] buf = TransferBuffers.take();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            EarlyWriteback writeback = new EarlyWriteback(ch);
            long count = 0;
            try {
                int n;
                // fill the whole buffer: one write (and one progress event) per MiB, whatever the reads return
                while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                    while (bb.hasRemaining()) {
                        ch.write(bb);
                    }
                    count += n;
                    writeback.wrote(n);
                    progress.accept(n);
                }
            } catch (IOException | RuntimeException e) {
                writeback.abandon(e);
                throw e;
            }
            writeback.finish();
            ch.force(true);
            return count;
        } finally {
            TransferBuffers.give(buf);
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
