package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.DirMeta;
import io.bootc4j.ostree.DirTree;
import io.bootc4j.ostree.FileHeader;
import io.bootc4j.ostree.ObjectFormatException;
import io.bootc4j.ostree.ObjectType;
import io.bootc4j.ostree.UnsafeNameException;
import io.bootc4j.ostree.Xattrs;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Commits a directory on disk (ostree's {@code write_dfd_iter_to_mtree}): depth-first, each
 * directory's dirtree written after its children. The walk and the metadata objects stay on the
 * calling thread; regular files are hashed and copied into the store (deflated, for archive) on a
 * pool of one thread per processor, at most {@link #IN_FLIGHT_PER_THREAD} files per thread queued
 * at a time, so memory stays bounded. A directory waits for its own files' checksums only after
 * its subdirectories were walked, which keeps the pool busy across directory boundaries.
 * One {@code commit} at a time per instance.
 */
public final class DirectoryCommitter {

    /** The root of a committed tree. */
    public record Root(Checksum tree, Checksum meta) {}

    private static final int IN_FLIGHT_PER_THREAD = 32;

    private record PendingFile(String name, Future<Checksum> sum) {}

    private final ObjectWriter writer;
    private final TreeModifier modifier;
    private final int threads;
    private WriterPool pool;

    public DirectoryCommitter(ObjectWriter writer, TreeModifier modifier) {
        this(writer, modifier, Runtime.getRuntime().availableProcessors());
    }

    /** With {@code threads} file writers; 1 writes every file on the calling thread. */
    public DirectoryCommitter(ObjectWriter writer, TreeModifier modifier, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.writer = writer;
        this.modifier = modifier;
        this.threads = threads;
    }

    public Root commit(Path dir) throws IOException {
        FsEntry st = FsEntry.lstat(dir);
        if (!st.isDirectory()) {
            throw new IOException(dir + ": not a directory");
        }
        if (threads == 1) {
            return writeDir(dir, st);
        }
        try (WriterPool p = new WriterPool(threads, threads * IN_FLIGHT_PER_THREAD)) {
            pool = p;
            return writeDir(dir, st);
        } finally {
            pool = null;
        }
    }

    private Root writeDir(Path dir, FsEntry st) throws IOException {
        DirTree.Builder tree = DirTree.builder();
        List<PendingFile> pending = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path child : ds) {
                String name = child.getFileName().toString();
                FsEntry cst = FsEntry.lstat(child);
                try {
                    if (cst.isDirectory()) {
                        Root r = writeDir(child, cst);
                        tree.addDir(name, r.tree(), r.meta());
                    } else if (cst.isRegularFile() && pool != null) {
                        pending.add(new PendingFile(name, pool.submit(1, child.toString(), () -> writeFile(child, cst))));
                    } else if (cst.isRegularFile() || cst.isSymlink()) {
                        tree.addFile(name, writeFile(child, cst));
                    } else {
                        throw new ObjectFormatException(child + ": unsupported file type (mode 0"
                                + Integer.toOctalString(cst.mode()) + "); ostree stores only regular files, symlinks and directories");
                    }
                } catch (UnsafeNameException e) {
                    throw new UnsafeNameException(dir.toString(), e.name(), "cannot be committed: " + e.getMessage());
                }
            }
        }
        for (PendingFile p : pending) {
            try {
                tree.addFile(p.name(), WriterPool.await(p.sum()));
            } catch (UnsafeNameException e) {
                throw new UnsafeNameException(dir.toString(), e.name(), "cannot be committed: " + e.getMessage());
            }
        }
        Checksum treeSum = writer.writeMetadata(ObjectType.DIR_TREE, tree.build().serialize());
        Xattrs x = modifier.readsXattrs() ? FsEntry.readXattrs(dir) : Xattrs.EMPTY;
        DirMeta meta = modifier.directory(st.uid(), st.gid(), st.mode(), x);
        Checksum metaSum = writer.writeMetadata(ObjectType.DIR_META, meta.serialize());
        return new Root(treeSum, metaSum);
    }

    private Checksum writeFile(Path file, FsEntry st) throws IOException {
        Xattrs x = modifier.readsXattrs() ? FsEntry.readXattrs(file) : Xattrs.EMPTY;
        if (st.isSymlink()) {
            String target = st.symlinkTarget();
            if (target.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > TreeModifier.MAX_SYMLINK_TARGET) {
                throw new ObjectFormatException(file + ": symlink target of " + target.length() + " characters exceeds "
                        + TreeModifier.MAX_SYMLINK_TARGET + " bytes");
            }
            FileHeader h = modifier.symlink(st.uid(), st.gid(), st.mode(), target, x);
            return writer.writeContent(h, null, 0);
        }
        FileHeader h = modifier.regularFile(st.uid(), st.gid(), st.mode(), x);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return writer.writeContentFrom(h, in, st.size());
        }
    }
}
