package io.bootc4j.ostree;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Reads and replaces a commit's detached metadata file ({@code objects/XX/REST.commitmeta}, an
 * {@code a{sv}}) directly in a repository directory, the way
 * {@code ostree_repo_write_commit_detached_metadata} does outside a transaction: the new file is
 * written beside the old one, synced and renamed over it, so readers see the old or the new
 * dictionary, never a mix. Writing {@link Metadata#EMPTY} removes the file, as ostree does for a
 * NULL dictionary. The file name does not depend on the repository mode.
 */
public final class DetachedMetadataFile {

    /** ostree's {@code OSTREE_MAX_METADATA_SIZE} (2022.7). */
    private static final long MAX_SIZE = 10L * 1024 * 1024;

    private DetachedMetadataFile() {}

    /** The file's path under {@code repo}. */
    public static Path path(Path repo, Checksum commit) {
        return repo.resolve(new ObjectName(commit, ObjectType.COMMIT_META).looseRelativePath(false));
    }

    /**
     * The detached metadata of {@code commit}, or empty when it has none.
     *
     * @throws ObjectFormatException when the file is too large or not a normal-form {@code a{sv}}
     */
    public static Optional<Metadata> read(Path repo, Checksum commit) throws IOException {
        Path p = path(repo, commit);
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > MAX_SIZE) {
                throw new ObjectFormatException(p + ": detached metadata of " + size + " bytes exceeds 10 MiB");
            }
            bytes = Channels.newInputStream(ch).readNBytes((int) MAX_SIZE + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(Metadata.parse(bytes));
        } catch (ObjectFormatException e) {
            throw new ObjectFormatException(p + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the detached metadata of {@code commit} (removes it when {@code metadata} is empty). */
    public static void write(Path repo, Checksum commit, Metadata metadata) throws IOException {
        Path target = path(repo, commit);
        if (metadata.isEmpty()) {
            Files.deleteIfExists(target);
            return;
        }
        Path dir = Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(dir, ".tmp-commitmeta-", "");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(metadata.serialize());
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(target + ": cannot replace atomically on this filesystem", e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
