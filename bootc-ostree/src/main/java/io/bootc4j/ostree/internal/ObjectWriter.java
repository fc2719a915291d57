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
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.Deflater;

/**
 * Writes objects into a transaction's {@link StagingArea}, hashing content while it is written
 * (one pass over the source), and later moves them into {@code objects/}. An object already in
 * the repository or already staged is never written twice. Content objects get the on-disk form
 * of the repository mode (reference: ostree-format §1.4). Single-thread: one writer per thread,
 * one reusable buffer and deflater per writer.
 */
public final class ObjectWriter implements AutoCloseable {

    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private record Staged(ObjectName name, Path path) {}

    private final LooseObjects objects;
    private final StagingArea staging;
    private final RepoMode mode;
    private final boolean perObjectFsync;
    private final boolean fsync;
    private final byte[] buffer = new byte[128 * 1024];
    private final Deflater deflater;
    private final byte[] deflated;
    private final List<Staged> staged = new ArrayList<>();
    private ContentHasher hasher;
    private final Set<ObjectName> stagedNames = new HashSet<>();
    private long written;

    public ObjectWriter(LooseObjects objects, StagingArea staging, boolean fsync, boolean perObjectFsync, int zlibLevel) {
        this.objects = objects;
        this.staging = staging;
        this.mode = objects.mode();
        this.fsync = fsync;
        this.perObjectFsync = perObjectFsync && fsync;
        this.deflater = mode == RepoMode.ARCHIVE ? new Deflater(zlibLevel, true) : null;
        this.deflated = mode == RepoMode.ARCHIVE ? new byte[64 * 1024] : null;
    }

    /** True if {@code name} is in the repository or staged in this transaction. */
    public boolean has(ObjectName name) {
        return stagedNames.contains(name) || objects.contains(name);
    }

    /** Number of objects newly written (not counting ones that already existed). */
    public long objectsWritten() {
        return written;
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
        boolean symlink = (header.mode() & FsEntry.S_IFMT) == FsEntry.S_IFLNK;
        ContentHasher hasher = this.hasher == null ? (this.hasher = ContentHasher.begin(header)) : this.hasher.restart(header);
        Path tmp = staging.newTempPath();
        try {
            if (symlink) {
                writeSymlink(tmp, header);
            } else {
                writeRegular(tmp, header, content, size, hasher);
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

    private void writeRegular(Path tmp, FileHeader header, InputStream in, long size, ContentHasher hasher)
            throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (mode == RepoMode.ARCHIVE) {
                writeFully(ch, ByteBuffer.wrap(header.archiveHeader(size)));
                deflater.reset();
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
                    deflater.setInput(buffer, 0, n);
                    drain(ch, false);
                } else {
                    writeFully(ch, ByteBuffer.wrap(buffer, 0, n));
                }
            }
            if (total != size) {
                throw new IOException("content ended after " + total + " of the declared " + size + " bytes");
            }
            if (mode == RepoMode.ARCHIVE) {
                deflater.finish();
                drain(ch, true);
            }
            forceIfPerObject(ch);
        }
    }

    private void drain(FileChannel ch, boolean finishing) throws IOException {
        while (finishing ? !deflater.finished() : !deflater.needsInput()) {
            int n = deflater.deflate(deflated);
            if (n > 0) {
                writeFully(ch, ByteBuffer.wrap(deflated, 0, n));
            }
        }
    }

    private void applyMetadata(Path tmp, FileHeader h, boolean symlink) throws IOException {
        switch (mode) {
            case BARE_SPLIT_XATTRS -> throw new IllegalStateException("bare-split-xattrs is read-only");
            case ARCHIVE -> Files.setAttribute(tmp, "unix:mode", 0644);
            case BARE -> {
                Files.setAttribute(tmp, "unix:uid", h.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(tmp, "unix:gid", h.gid(), LinkOption.NOFOLLOW_LINKS);
                if (!symlink) {
                    Files.setAttribute(tmp, "unix:mode", h.mode() & 07777);
                }
                FsEntry.writeXattrs(tmp, h.xattrs());
                if (!symlink) {
                    Files.setLastModifiedTime(tmp, EPOCH);
                }
            }
            case BARE_USER -> {
                int perms = symlink ? 0644 : (h.mode() & 0775) | 0400;
                Files.setAttribute(tmp, "unix:mode", perms);
                LinuxFiles.setXattr(tmp, LooseObjects.OSTREEMETA,
                        new DirMeta(h.uid(), h.gid(), h.mode(), h.xattrs()).serialize());
                Files.setLastModifiedTime(tmp, EPOCH);
            }
            case BARE_USER_ONLY -> {
                if (!symlink) {
                    if ((h.mode() & ~(FsEntry.S_IFMT | 0775)) != 0) {
                        throw new IOException(String.format(
                                "content mode 0%o is invalid for a bare-user-only repository (only 0775 bits allowed)", h.mode()));
                    }
                    Files.setAttribute(tmp, "unix:mode", h.mode() & 07777);
                    Files.setLastModifiedTime(tmp, EPOCH);
                }
            }
        }
    }

    private void stage(ObjectName name, Path tmp) throws IOException {
        String rel = name.looseRelativePath(mode == RepoMode.ARCHIVE).substring("objects/".length());
        Path dest = staging.dir().resolve(rel);
        Files.createDirectories(dest.getParent());
        Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
        staged.add(new Staged(name, dest));
        stagedNames.add(name);
        written++;
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
                if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Files.createDirectories(dest.getParent());
                try {
                    Files.move(s.path(), dest, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException raced) {
                    // another writer published the same object first: same bytes by definition
                }
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
        if (deflater != null) {
            deflater.end();
        }
    }
}
