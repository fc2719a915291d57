package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.ContentHasher;
import io.bootc4j.ostree.DirMeta;
import io.bootc4j.ostree.FileHeader;
import io.bootc4j.ostree.ObjectName;
import io.bootc4j.ostree.ObjectType;
import io.bootc4j.ostree.RepoMode;
import io.bootc4j.ostree.internal.nativeio.LinuxFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes objects into a transaction's {@link StagingArea} under flat temporary names, hashing
 * content while it is written (one pass over the source), and later renames each one straight
 * into {@code objects/XX/} with a single no-replace rename. An object already in the repository
 * or already staged is never published twice. Content objects get the on-disk form of the
 * repository mode (reference: ostree-format §1.4).
 *
 * <p>Thread-safe for {@link #writeContent} and {@link #writeMetadata} (each thread gets its own
 * buffer, deflater and hasher); {@link #publish} and {@link #close} run once all writes are done.
 */
public final class ObjectWriter implements AutoCloseable {

    private record Staged(ObjectName name, Path path) {}

    /** One thread's reusable state. */
    private static final class Scratch {
        final byte[] buffer = new byte[128 * 1024];
        final ArchiveDeflater deflater;
        ContentHasher hasher;
        /** Allocated on the first {@link ObjectWriter#writeContentFrom} of a bare mode. */
        ByteBuffer direct;

        Scratch(RepoMode mode, int zlibLevel) {
            this.deflater = mode == RepoMode.ARCHIVE ? ArchiveDeflater.create(zlibLevel) : null;
        }
    }

    private final LooseObjects objects;
    private final StagingArea staging;
    private final RepoMode mode;
    private final boolean perObjectFsync;
    private final boolean fsync;
    private final int zlibLevel;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(this::newScratch);
    private final Queue<Scratch> allScratch = new ConcurrentLinkedQueue<>();
    private final List<Staged> staged = new ArrayList<>();
    private final Set<ObjectName> stagedNames = ConcurrentHashMap.newKeySet();
    private final AtomicLong written = new AtomicLong();
    /** Prefix directories ({@code objects/XX/}) known to exist; saves a failing mkdir per object. */
    private final boolean[] objectPrefixes = new boolean[256];

    public ObjectWriter(LooseObjects objects, StagingArea staging, boolean fsync, boolean perObjectFsync, int zlibLevel) {
        this.objects = objects;
        this.staging = staging;
        this.mode = objects.mode();
        this.fsync = fsync;
        this.perObjectFsync = perObjectFsync && fsync;
        this.zlibLevel = zlibLevel;
    }

    private Scratch newScratch() {
        Scratch s = new Scratch(mode, zlibLevel);
        allScratch.add(s);
        return s;
    }

    /** True if {@code name} is in the repository or staged in this transaction. */
    public boolean has(ObjectName name) {
        return stagedNames.contains(name) || objects.contains(name);
    }

    /** Number of objects newly written (not counting ones that already existed). */
    public long objectsWritten() {
        return written.get();
    }

    /** Stores a metadata object (its name is the SHA-256 of {@code bytes}). */
    public Checksum writeMetadata(ObjectType type, byte[] bytes) throws IOException {
        Checksum c = Checksum.sha256(bytes);
        ObjectName name = new ObjectName(c, type);
        if (has(name)) {
            return c;
        }
        Path tmp = staging.newTempPath();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeFully(ch, ByteBuffer.wrap(bytes));
            if (perObjectFsync) {
                ch.force(true);
            }
        }
        stage(name, tmp);
        return c;
    }

    /**
     * Stores a content object. For a regular file {@code content} supplies exactly {@code size}
     * bytes (read, not closed); for a symlink it is ignored and may be null.
     *
     * @throws IOException when {@code content} ends early or has more than {@code size} bytes
     */
    public Checksum writeContent(FileHeader header, InputStream content, long size) throws IOException {
        return store(header, (tmp, hasher, sc) -> writeRegular(tmp, header, content, size, hasher, sc));
    }

    /**
     * {@link #writeContent(FileHeader, InputStream, long)} from a channel (read, not closed). In
     * the bare modes the bytes go from {@code content} into a per-thread direct buffer, are hashed
     * there and written from there: they never enter the Java heap.
     */
    public Checksum writeContentFrom(FileHeader header, FileChannel content, long size) throws IOException {
        if (mode == RepoMode.ARCHIVE) {
            return writeContent(header, Channels.newInputStream(content), size);
        }
        return store(header, (tmp, hasher, sc) -> copyRegular(tmp, content, size, hasher, sc));
    }

    /** Writes a regular file's content to {@code tmp} while hashing it. */
    private interface RegularWriter {
        void write(Path tmp, ContentHasher hasher, Scratch sc) throws IOException;
    }

    private Checksum store(FileHeader header, RegularWriter regular) throws IOException {
        boolean symlink = (header.mode() & FsEntry.S_IFMT) == FsEntry.S_IFLNK;
        Scratch sc = scratch.get();
        ContentHasher hasher = sc.hasher == null ? (sc.hasher = ContentHasher.begin(header)) : sc.hasher.restart(header);
        Path tmp = staging.newTempPath();
        try {
            if (symlink) {
                writeSymlink(tmp, header);
            } else {
                regular.write(tmp, hasher, sc);
            }
            Checksum c = hasher.finish();
            ObjectName name = new ObjectName(c, ObjectType.FILE);
            if (has(name)) {
                Files.deleteIfExists(tmp);
                return c;
            }
            applyMetadata(tmp, header, symlink);
            stage(name, tmp);
            return c;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private void copyRegular(Path tmp, FileChannel in, long size, ContentHasher hasher, Scratch sc) throws IOException {
        if (sc.direct == null) {
            sc.direct = ByteBuffer.allocateDirect(sc.buffer.length);
        }
        ByteBuffer buf = sc.direct;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long total = 0;
            while (true) {
                buf.clear();
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                total += n;
                if (total > size) {
                    throw new IOException("content is longer than the declared " + size + " bytes");
                }
                buf.flip();
                hasher.update(buf);
                buf.rewind();
                writeFully(ch, buf);
            }
            if (total != size) {
                throw new IOException("content ended after " + total + " of the declared " + size + " bytes");
            }
            forceIfPerObject(ch);
        }
    }

    private void writeSymlink(Path tmp, FileHeader header) throws IOException {
        switch (mode) {
            case ARCHIVE -> {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    writeFully(ch, ByteBuffer.wrap(header.archiveHeader(0)));
                    forceIfPerObject(ch);
                }
            }
            case BARE_USER -> {
                byte[] t = header.symlinkTarget().getBytes(StandardCharsets.UTF_8);
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    writeFully(ch, ByteBuffer.wrap(java.util.Arrays.copyOf(t, t.length + 1)));
                    forceIfPerObject(ch);
                }
            }
            case BARE, BARE_USER_ONLY -> LinuxFiles.symlink(header.symlinkTarget(), tmp);
            case BARE_SPLIT_XATTRS -> throw new IllegalStateException("bare-split-xattrs is read-only");
        }
    }

    private void writeRegular(Path tmp, FileHeader header, InputStream in, long size, ContentHasher hasher, Scratch sc)
            throws IOException {
        byte[] buffer = sc.buffer;
        ArchiveDeflater deflater = sc.deflater;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (mode == RepoMode.ARCHIVE) {
                writeFully(ch, ByteBuffer.wrap(header.archiveHeader(size)));
                deflater.begin(size);
            }
            long total = 0;
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                total += n;
                if (total > size) {
                    throw new IOException("content is longer than the declared " + size + " bytes");
                }
                hasher.update(buffer, 0, n);
                if (mode == RepoMode.ARCHIVE) {
                    deflater.update(buffer, 0, n, ch);
                } else {
                    writeFully(ch, ByteBuffer.wrap(buffer, 0, n));
                }
            }
            if (total != size) {
                throw new IOException("content ended after " + total + " of the declared " + size + " bytes");
            }
            if (mode == RepoMode.ARCHIVE) {
                deflater.finish(ch);
            }
            forceIfPerObject(ch);
        }
    }

    private void applyMetadata(Path tmp, FileHeader h, boolean symlink) throws IOException {
        switch (mode) {
            case BARE_SPLIT_XATTRS -> throw new IllegalStateException("bare-split-xattrs is read-only");
            case ARCHIVE -> LinuxFiles.chmod(tmp, 0644);
            case BARE -> {
                LinuxFiles.lchown(tmp, h.uid(), h.gid());
                if (!symlink) {
                    LinuxFiles.chmod(tmp, h.mode() & 07777);
                }
                FsEntry.writeXattrs(tmp, h.xattrs());
                if (!symlink) {
                    LinuxFiles.setModifiedTime(tmp, 0);
                }
            }
            case BARE_USER -> {
                int perms = symlink ? 0644 : (h.mode() & 0775) | 0400;
                LinuxFiles.chmod(tmp, perms);
                LinuxFiles.setXattr(tmp, LooseObjects.OSTREEMETA,
                        new DirMeta(h.uid(), h.gid(), h.mode(), h.xattrs()).serialize());
                LinuxFiles.setModifiedTime(tmp, 0);
            }
            case BARE_USER_ONLY -> {
                if (!symlink) {
                    if ((h.mode() & ~(FsEntry.S_IFMT | 0775)) != 0) {
                        throw new IOException(String.format(
                                "content mode 0%o is invalid for a bare-user-only repository (only 0775 bits allowed)", h.mode()));
                    }
                    LinuxFiles.chmod(tmp, h.mode() & 07777);
                    LinuxFiles.setModifiedTime(tmp, 0);
                }
            }
        }
    }

    /** Records {@code tmp} as the staged form of {@code name}; a name another thread staged first wins. */
    private void stage(ObjectName name, Path tmp) throws IOException {
        if (!stagedNames.add(name)) {
            Files.deleteIfExists(tmp);
            return;
        }
        synchronized (staged) {
            staged.add(new Staged(name, tmp));
        }
        written.incrementAndGet();
    }

    /**
     * Moves every staged object into {@code objects/}: content first, then metadata in the order
     * it was written (children before parents, the commit last), so a crash part-way never leaves
     * a commit whose tree is incomplete. Syncs the filesystem first unless fsync is off.
     */
    public void publish() throws IOException {
        if (staged.isEmpty()) {
            return;
        }
        if (fsync && !perObjectFsync) {
            LinuxFiles.syncFilesystem(staging.dir());
        }
        for (int pass = 0; pass < 2; pass++) {
            for (Staged s : staged) {
                if ((s.name().type() == ObjectType.FILE) != (pass == 0)) {
                    continue;
                }
                Path dest = objects.path(s.name());
                int prefix = s.name().checksum().bytes()[0] & 0xff;
                if (!objectPrefixes[prefix]) {
                    Files.createDirectories(dest.getParent());
                    objectPrefixes[prefix] = true;
                }
                // false: already there (committed earlier or by another writer): same bytes by
                // definition; the staged copy goes with the staging directory
                LinuxFiles.renameNoReplace(s.path(), dest);
            }
        }
        if (fsync) {
            LinuxFiles.syncFilesystem(objects.path(staged.get(0).name()).getParent());
        }
        staged.clear();
        stagedNames.clear();
    }

    private void forceIfPerObject(FileChannel ch) throws IOException {
        if (perObjectFsync) {
            ch.force(true);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    @Override
    public void close() {
        for (Scratch s : allScratch) {
            if (s.deflater != null) {
                s.deflater.close();
            }
        }
        allScratch.clear();
    }
}
