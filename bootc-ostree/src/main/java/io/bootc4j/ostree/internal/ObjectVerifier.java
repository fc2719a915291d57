package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.Commit;
import io.bootc4j.ostree.ContentHasher;
import io.bootc4j.ostree.DirMeta;
import io.bootc4j.ostree.DirTree;
import io.bootc4j.ostree.FileHeader;
import io.bootc4j.ostree.FileObject;
import io.bootc4j.ostree.FsckResult.Problem;
import io.bootc4j.ostree.Metadata;
import io.bootc4j.ostree.ObjectFormatException;
import io.bootc4j.ostree.ObjectName;
import io.bootc4j.ostree.RepoMode;
import io.bootc4j.ostree.Xattrs;
import io.bootc4j.ostree.internal.nativeio.RegularFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Re-hashes and parses loose objects for {@link Fsck}; one per thread. It owns a hasher and a
 * direct buffer: the content of a bare-mode object is read straight into native memory and
 * hashed there, so it never passes through the Java heap.
 */
final class ObjectVerifier {

    private final LooseObjects objects;
    private final ByteBuffer direct = ByteBuffer.allocateDirect(256 * 1024);
    private byte[] heap;
    private ContentHasher hasher;

    ObjectVerifier(LooseObjects objects) {
        this.objects = objects;
    }

    /** What a metadata object parsed to ({@code problem} null), or why it is corrupt ({@code value} null). */
    record Checked<T>(T value, Problem problem) {
    }

    /** Turns the bytes of a metadata object into its value. */
    interface MetadataParser<T> {
        T parse(byte[] data) throws IOException;
    }

    /** The problem with {@code name}, or null if it hashes to its name and parses. */
    Problem verify(ObjectName name) {
        try {
            return switch (name.type()) {
                case FILE -> verifyContent(name);
                case COMMIT_META -> {
                    Metadata.parse(objects.readMetadata(name));
                    yield null;
                }
                case DIR_TREE -> checkMetadata(name, DirTree::parse).problem();
                case DIR_META -> checkMetadata(name, DirMeta::parse).problem();
                case COMMIT -> checkMetadata(name, Commit::parse).problem();
                default -> null; // tombstones, payload links, split xattrs: nothing to re-hash in 2022.7's fsck
            };
        } catch (IOException | RuntimeException e) {
            return corruptProblem(name, e.getMessage());
        }
    }

    /** Reads metadata object {@code name} once, checks it hashes to its name, and parses it. */
    <T> Checked<T> checkMetadata(ObjectName name, MetadataParser<T> parser) {
        try {
            byte[] data = objects.readMetadata(name);
            Checksum actual = Checksum.sha256(data);
            if (!actual.equals(name.checksum())) {
                return new Checked<>(null, corruptProblem(name, "content checksums to " + actual));
            }
            return new Checked<>(parser.parse(data), null);
        } catch (IOException | RuntimeException e) {
            return new Checked<>(null, corruptProblem(name, e.getMessage()));
        }
    }

    private Problem verifyContent(ObjectName name) throws IOException {
        RepoMode mode = objects.mode();
        if (mode == RepoMode.ARCHIVE) {
            return verifyArchived(name);
        }
        if (mode != RepoMode.BARE_SPLIT_XATTRS) {
            Optional<RegularFile> opened;
            try {
                opened = RegularFile.open(objects.path(name));
            } catch (IOException e) {
                opened = Optional.empty(); // LooseObjects below says what is wrong, as it always has
            }
            if (opened.isPresent()) {
                try (RegularFile f = opened.get()) {
                    FileHeader h = headerOf(f, mode);
                    if (h != null) {
                        return hash(name, h, f.size(), f::read);
                    }
                }
            }
        }
        // symlinks, split xattrs, odd objects: header by LooseObjects, content by channel
        FileObject f = objects.stat(name.checksum());
        if (f.isSymlink()) {
            return hash(name, f.header(), 0, buffer -> -1);
        }
        try (FileChannel ch = FileChannel.open(objects.path(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return hash(name, f.header(), f.size(), ch::read);
        }
    }

    /**
     * The header of a bare-mode regular object read through its descriptor (as
     * {@link LooseObjects#stat} would give it), or null where only LooseObjects can judge:
     * a bare-user symlink object, or a missing or malformed {@code user.ostreemeta}.
     */
    private FileHeader headerOf(RegularFile f, RepoMode mode) throws IOException {
        return switch (mode) {
            case BARE -> new FileHeader(f.uid(), f.gid(), f.mode(), 0, "", xattrsOf(f));
            case BARE_USER_ONLY -> new FileHeader(0, 0, f.mode(), 0, "", Xattrs.EMPTY);
            default -> {
                Optional<byte[]> meta = f.xattr(LooseObjects.OSTREEMETA);
                DirMeta m;
                try {
                    m = meta.isPresent() ? DirMeta.parse(meta.get()) : null;
                } catch (ObjectFormatException e) {
                    m = null;
                }
                yield m != null && (m.mode() & FsEntry.S_IFMT) == FsEntry.S_IFREG
                        ? new FileHeader(m.uid(), m.gid(), m.mode(), 0, "", m.xattrs()) : null;
            }
        };
    }

    private Xattrs xattrsOf(RegularFile f) throws IOException {
        List<String> names = f.xattrNames();
        if (names.isEmpty()) {
            return Xattrs.EMPTY;
        }
        Map<String, byte[]> map = new LinkedHashMap<>();
        for (String n : names) {
            f.xattr(n).ifPresent(v -> map.put(n, v));
        }
        return Xattrs.ofFilesystem(map);
    }

    /** Hashes {@code header} and what {@code source} yields through the direct buffer. */
    private Problem hash(ObjectName name, FileHeader header, long declared, DirectSource source) throws IOException {
        hasher = hasher == null ? ContentHasher.begin(header) : hasher.restart(header);
        long total = 0;
        while (true) {
            direct.clear();
            int n = source.read(direct);
            if (n < 0) {
                break;
            }
            direct.flip();
            hasher.update(direct);
            total += n;
        }
        return finish(name, total, declared);
    }

    /** An archive object's content is inflated on the heap; it is hashed from there. */
    private Problem verifyArchived(ObjectName name) throws IOException {
        if (heap == null) {
            heap = new byte[256 * 1024];
        }
        try (FileObject f = objects.openFile(name.checksum())) {
            hasher = hasher == null ? ContentHasher.begin(f.header()) : hasher.restart(f.header());
            InputStream in = f.content();
            long total = 0;
            int n;
            while ((n = in.read(heap)) > 0) {
                hasher.update(heap, 0, n);
                total += n;
            }
            return finish(name, total, f.size());
        }
    }

    private Problem finish(ObjectName name, long total, long declared) {
        if (total != declared) {
            hasher.finish();
            return corruptProblem(name, "content has " + total + " bytes, the header says " + declared);
        }
        Checksum actual = hasher.finish();
        return actual.equals(name.checksum()) ? null : corruptProblem(name, "content checksums to " + actual);
    }

    /** Fills a direct buffer from its position: bytes read, or -1 at the end. */
    private interface DirectSource {
        int read(ByteBuffer buffer) throws IOException;
    }

    private static Problem corruptProblem(ObjectName name, String detail) {
        return new Problem(name, Problem.Kind.CORRUPT, detail);
    }
}
