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
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Commits a directory on disk (ostree's {@code write_dfd_iter_to_mtree}): depth-first, each
 * directory's dirtree written after its children. With one thread everything runs on the calling
 * thread. With more, the calling thread only walks (readdir, lstat, xattrs, symlinks, dirmeta) and
 * hands each regular file to a pool of writers, at most {@link #IN_FLIGHT_PER_THREAD} files per
 * thread queued at a time so memory stays bounded; nothing waits for a directory's files. A
 * directory's dirtree is written by whichever thread finishes its last file or subdirectory, and
 * the walk goes on meanwhile. (Waiting for each directory's files on the walking thread, as this
 * class did before, left both writers idle behind every large file: a Debian tree's commit ran at
 * 1.2 cores on 2.)
 *
 * <p>Errors are those of the one-thread walk: every step (a file, a subdirectory's entries, a
 * directory's own dirtree) has a number in walk order, the failure with the smallest number is
 * reported, and once one is known the walk stops and later steps are skipped.
 * One {@code commit} at a time per instance.
 */
public final class DirectoryCommitter {

    /** The root of a committed tree. */
    public record Root(Checksum tree, Checksum meta) {}

    private static final int IN_FLIGHT_PER_THREAD = 32;

    private final ObjectWriter writer;
    private final TreeModifier modifier;
    private final int threads;

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
            return new ParallelWalk(p).commit(dir, st);
        }
    }

    private Root writeDir(Path dir, FsEntry st) throws IOException {
        DirTree.Builder tree = DirTree.builder();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path child : ds) {
                String name = fileName(child);
                FsEntry cst = FsEntry.lstat(child);
                Root sub = null;
                Checksum content = null;
                if (cst.isDirectory()) {
                    sub = writeDir(child, cst);
                } else if (cst.isRegularFile() || cst.isSymlink()) {
                    content = writeFile(child, cst);
                } else {
                    throw unsupported(child, cst);
                }
                try {
                    if (sub != null) {
                        tree.addDir(name, sub.tree(), sub.meta());
                    } else {
                        tree.addFile(name, content);
                    }
                } catch (UnsafeNameException e) {
                    throw unsafe(dir, e); // named once, by the directory that holds it
                }
            }
        }
        Checksum treeSum = writer.writeMetadata(ObjectType.DIR_TREE, tree.build().serialize());
        Checksum metaSum = writer.writeMetadata(ObjectType.DIR_META, dirMeta(dir, st).serialize());
        return new Root(treeSum, metaSum);
    }

    private DirMeta dirMeta(Path dir, FsEntry st) throws IOException {
        Xattrs x = modifier.readsXattrs() ? FsEntry.readXattrs(dir) : Xattrs.EMPTY;
        return modifier.directory(st.uid(), st.gid(), st.mode(), x);
    }

    /**
     * The name of {@code child} as ostree records it: its bytes must be UTF-8 (ostree refuses
     * others, "Invalid UTF-8 in filename"). A name the JVM could not decode holds U+FFFD where the
     * bytes were; it is refused unless the name, encoded again, is the same file (a real U+FFFD).
     * Under a locale whose charset is not UTF-8 this also refuses every name beyond that charset.
     */
    static String fileName(Path child) throws IOException {
        String name = child.getFileName().toString();
        if (name.indexOf('\uFFFD') >= 0) {
            Object key = Files.readAttributes(child, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).fileKey();
            boolean same;
            try {
                Path again = child.getParent().resolve(name); // refused outright where U+FFFD has no encoding
                same = key != null && key.equals(Files.readAttributes(again,
                        java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey());
            } catch (java.nio.file.NoSuchFileException | java.nio.file.InvalidPathException e) {
                same = false;
            }
            if (!same) {
                String charset = System.getProperty("sun.jnu.encoding", "UTF-8");
                throw new ObjectFormatException(child + ": the file name is not valid UTF-8"
                        + (charset.equalsIgnoreCase("UTF-8") ? ", which ostree requires"
                                : " in this JVM's file name encoding, " + charset
                                        + " (from the locale); run with a UTF-8 locale such as LC_ALL=C.UTF-8"));
            }
        }
        return name;
    }

    private static ObjectFormatException unsupported(Path child, FsEntry st) {
        return new ObjectFormatException(child + ": unsupported file type (mode 0"
                + Integer.toOctalString(st.mode()) + "); ostree stores only regular files, symlinks and directories");
    }

    private static UnsafeNameException unsafe(Path dir, UnsafeNameException e) {
        return new UnsafeNameException(dir.toString(), e.name(), "cannot be committed: " + e.getMessage());
    }

    /** One multi-thread commit: the walk on the calling thread, files and finished directories on the pool. */
    private final class ParallelWalk {
        private final WriterPool pool;
        /** The number of the next step in walk order; only the walking thread takes numbers. */
        private long steps;
        private Failure failure;
        private Root result;

        private record Failure(long step, Throwable error) {}

        ParallelWalk(WriterPool pool) {
            this.pool = pool;
        }

        Root commit(Path dir, FsEntry st) throws IOException {
            Node root = new Node(null, null, dir, st);
            walk(root);
            synchronized (this) {
                while (result == null && failure == null) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while committing " + dir);
                    }
                }
            }
            pool.drain(); // every step before the failure has ended: the smallest failing step is final
            synchronized (this) {
                if (failure != null) {
                    if (failure.error() instanceof IOException io) {
                        throw io;
                    }
                    if (failure.error() instanceof Error err) {
                        throw err;
                    }
                    throw (RuntimeException) failure.error();
                }
                return result;
            }
        }

        /** Records a step's failure; an {@link Error} too, which no one would see in the pool's future. */
        private synchronized void fail(long step, Throwable e) {
            if (failure == null || step < failure.step()) {
                failure = new Failure(step, e);
            }
            notifyAll();
        }

        private synchronized boolean failed() {
            return failure != null;
        }

        /** Whether a failure at a step before {@code step} is known: then {@code step} is skipped. */
        private synchronized boolean failedBefore(long step) {
            return failure != null && failure.step() < step;
        }

        private synchronized void done(Root root) {
            result = root;
            notifyAll();
        }

        private void walk(Node node) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(node.dir)) {
                for (Path child : ds) {
                    if (failed()) {
                        return;
                    }
                    String name;
                    FsEntry cst;
                    try {
                        name = fileName(child);
                        cst = FsEntry.lstat(child);
                    } catch (IOException | RuntimeException e) {
                        fail(steps++, e);
                        return;
                    }
                    if (cst.isDirectory()) {
                        node.pending.incrementAndGet();
                        walk(new Node(node, name, child, cst));
                    } else if (cst.isRegularFile()) {
                        long fileStep = steps++;
                        try {
                            DirTree.validateName(name); // as adding it would, before the pool writes the file
                        } catch (UnsafeNameException e) {
                            fail(fileStep, unsafe(node.dir, e));
                            return;
                        }
                        node.pending.incrementAndGet();
                        pool.submit(1, child.toString(), () -> {
                            if (!failedBefore(fileStep)) {
                                try {
                                    node.add(name, writeFile(child, cst), fileStep);
                                } catch (IOException | RuntimeException | Error e) {
                                    fail(fileStep, e);
                                }
                            }
                            return null;
                        });
                    } else if (cst.isSymlink()) {
                        long linkStep = steps++;
                        try {
                            node.pending.incrementAndGet();
                            node.add(name, writeFile(child, cst), linkStep);
                        } catch (IOException | RuntimeException e) {
                            fail(linkStep, e);
                            return;
                        }
                    } else {
                        fail(steps++, unsupported(child, cst));
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                fail(steps++, e);
                return;
            }
            node.endStep = steps++;
            try {
                node.meta = dirMeta(node.dir, node.st);
            } catch (IOException | RuntimeException e) {
                fail(node.endStep, e);
                return;
            }
            node.childDone();
        }

        /**
         * A directory being committed: its entries so far, and how many of its files and
         * subdirectories (plus its own walk) are still to finish.
         */
        private final class Node {
            final Node parent;
            final String name;
            final Path dir;
            final FsEntry st;
            final DirTree.Builder tree = DirTree.builder();
            final AtomicInteger pending = new AtomicInteger(1);
            /** Set by the walk before its own part of {@link #pending} is released. */
            long endStep;
            DirMeta meta;

            Node(Node parent, String name, Path dir, FsEntry st) {
                this.parent = parent;
                this.name = name;
                this.dir = dir;
                this.st = st;
            }

            /** Adds a written file, at walk step {@code step}, and releases its part. */
            void add(String entry, Checksum content, long step) {
                try {
                    synchronized (this) {
                        tree.addFile(entry, content);
                    }
                } catch (UnsafeNameException e) {
                    fail(step, unsafe(dir, e));
                    return;
                }
                childDone();
            }

            void childDone() {
                if (pending.decrementAndGet() != 0) {
                    return;
                }
                if (failedBefore(endStep)) {
                    return;
                }
                Root root;
                try {
                    DirTree built;
                    synchronized (this) {
                        built = tree.build();
                    }
                    root = new Root(writer.writeMetadata(ObjectType.DIR_TREE, built.serialize()),
                            writer.writeMetadata(ObjectType.DIR_META, meta.serialize()));
                } catch (IOException | RuntimeException | Error e) {
                    fail(endStep, e);
                    return;
                }
                if (parent == null) {
                    done(root);
                    return;
                }
                try {
                    synchronized (parent) {
                        parent.tree.addDir(name, root.tree(), root.meta());
                    }
                } catch (UnsafeNameException e) {
                    fail(endStep, unsafe(parent.dir, e));
                    return;
                }
                parent.childDone();
            }
        }
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
