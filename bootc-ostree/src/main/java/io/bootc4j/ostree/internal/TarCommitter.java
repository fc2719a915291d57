package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.DirMeta;
import io.bootc4j.ostree.DirTree;
import io.bootc4j.ostree.FileHeader;
import io.bootc4j.ostree.ObjectFormatException;
import io.bootc4j.ostree.ObjectType;
import io.bootc4j.ostree.UnsafeNameException;
import io.bootc4j.ostree.Xattrs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Commits a tar stream: each entry's content goes straight from the stream into the object store
 * (hashed once, written once, never unpacked to a scratch directory); only the tree of names and
 * checksums is kept in memory. Every entry path is checked component by component; {@code ..},
 * empty components after normalisation, NUL and {@code /} inside a name are rejected. Hardlinks
 * point at the content of an earlier entry. Xattrs come from PAX {@code SCHILY.xattr.*} (UTF-8
 * values) and {@code LIBARCHIVE.xattr.*} (base64, exact bytes) headers. Directories that have
 * no entry of their own get {@code root:root 0755}. Regular files up to {@link #POOLED_MAX} bytes
 * are read into memory and hashed and written (deflated, for archive) on a pool of one thread per
 * processor, at most {@link #POOLED_BUDGET} bytes of them at a time; larger ones are written on the
 * calling thread while the pool works. One {@code commit} at a time per instance.
 */
public final class TarCommitter {

    private static final DirMeta DEFAULT_DIR = new DirMeta(0, 0, FsEntry.S_IFDIR | 0755, Xattrs.EMPTY);
    static final int POOLED_MAX = 1 << 20;
    static final int POOLED_BUDGET = 32 << 20;
    /** What a queued task costs beyond its bytes, so many tiny files also queue boundedly. */
    private static final int TASK_COST = 4096;

    private final ObjectWriter writer;
    private final TreeModifier modifier;
    private final int threads;
    private final Node root = new Node();
    private WriterPool pool;

    private static final class Node {
        final TreeMap<String, Node> dirs = new TreeMap<>();
        final TreeMap<String, Future<Checksum>> files = new TreeMap<>();
        DirMeta meta;
    }

    public TarCommitter(ObjectWriter writer, TreeModifier modifier) {
        this(writer, modifier, Runtime.getRuntime().availableProcessors());
    }

    /** With {@code threads} file writers; 1 writes every file on the calling thread. */
    public TarCommitter(ObjectWriter writer, TreeModifier modifier, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.writer = writer;
        this.modifier = modifier;
        this.threads = threads;
    }

    /** Reads {@code tar} to the end of the archive (does not close it) and writes the tree. */
    public DirectoryCommitter.Root commit(InputStream tar) throws IOException {
        TarArchiveInputStream in = new TarArchiveInputStream(new NonClosing(tar), StandardCharsets.UTF_8.name());
        if (threads == 1) {
            return readAndWrite(in);
        }
        try (WriterPool p = new WriterPool(threads, POOLED_BUDGET)) {
            pool = p;
            return readAndWrite(in);
        } finally {
            pool = null;
        }
    }

    private DirectoryCommitter.Root readAndWrite(TarArchiveInputStream in) throws IOException {
        TarArchiveEntry e;
        while ((e = in.getNextEntry()) != null) {
            add(in, e);
        }
        return write(root);
    }

    /** The kernel version of {@code usr/lib/modules/KVER/vmlinuz}, if the tree has exactly one. */
    public Optional<String> kernelVersion() {
        Node modules = lookup(List.of("usr", "lib", "modules"));
        if (modules == null) {
            return Optional.empty();
        }
        List<String> found = new ArrayList<>();
        modules.dirs.forEach((k, n) -> {
            if (n.files.containsKey("vmlinuz")) {
                found.add(k);
            }
        });
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    private void add(TarArchiveInputStream in, TarArchiveEntry e) throws IOException {
        String entryName = e.getName();
        List<String> parts = split(entryName);
        if (parts.isEmpty()) {
            if (e.isDirectory()) {
                root.meta = modifier.directory((int) e.getLongUserId(), (int) e.getLongGroupId(),
                        FsEntry.S_IFDIR | (e.getMode() & 07777), xattrs(e));
            }
            return;
        }
        Node parent = mkdirs(parts.subList(0, parts.size() - 1));
        String name = parts.get(parts.size() - 1);
        int uid = (int) e.getLongUserId();
        int gid = (int) e.getLongGroupId();
        int perms = e.getMode() & 07777;
        if (e.isDirectory()) {
            parent.files.remove(name);
            Node n = parent.dirs.computeIfAbsent(name, k -> new Node());
            n.meta = modifier.directory(uid, gid, FsEntry.S_IFDIR | perms, xattrs(e));
            return;
        }
        Future<Checksum> content;
        if (e.isSymbolicLink()) {
            String target = e.getLinkName();
            if (target.isEmpty() || target.getBytes(StandardCharsets.UTF_8).length > TreeModifier.MAX_SYMLINK_TARGET) {
                throw new ObjectFormatException("tar entry \"" + entryName + "\": symlink target of "
                        + target.length() + " characters is empty or exceeds " + TreeModifier.MAX_SYMLINK_TARGET + " bytes");
            }
            content = CompletableFuture.completedFuture(
                    writer.writeContent(modifier.symlink(uid, gid, FsEntry.S_IFLNK | 0777, target, xattrs(e)), null, 0));
        } else if (e.isLink()) {
            List<String> tp = split(e.getLinkName());
            Node tdir = tp.isEmpty() ? null : lookup(tp.subList(0, tp.size() - 1));
            content = tdir == null ? null : tdir.files.get(tp.get(tp.size() - 1));
            if (content == null) {
                throw new ObjectFormatException("tar entry \"" + entryName + "\": hardlink to \"" + e.getLinkName()
                        + "\", which is not an earlier regular file or symlink of the archive");
            }
        } else if (e.isFile()) {
            FileHeader h = modifier.regularFile(uid, gid, FsEntry.S_IFREG | perms, xattrs(e));
            content = writeRegular(entryName, h, in, e.getSize());
        } else {
            throw new ObjectFormatException("tar entry \"" + entryName + "\": unsupported type (device, fifo or sparse);"
                    + " ostree stores only regular files, symlinks and directories");
        }
        parent.dirs.remove(name);
        parent.files.put(name, content);
    }

    private Future<Checksum> writeRegular(String entryName, FileHeader h, InputStream in, long size) throws IOException {
        if (pool == null || size > POOLED_MAX) {
            return CompletableFuture.completedFuture(writer.writeContent(h, in, size));
        }
        byte[] bytes = in.readNBytes((int) size);
        if (bytes.length != size) {
            throw new IOException("tar entry \"" + entryName + "\": content ended after " + bytes.length
                    + " of the declared " + size + " bytes");
        }
        return pool.submit(bytes.length + TASK_COST, "tar entry \"" + entryName + "\"",
                () -> writer.writeContent(h, new ByteArrayInputStream(bytes), size));
    }

    private Node mkdirs(List<String> parts) {
        Node n = root;
        for (String p : parts) {
            n.files.remove(p);
            n = n.dirs.computeIfAbsent(p, k -> new Node());
        }
        return n;
    }

    private Node lookup(List<String> parts) {
        Node n = root;
        for (String p : parts) {
            n = n.dirs.get(p);
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    private DirectoryCommitter.Root write(Node n) throws IOException {
        DirTree.Builder b = DirTree.builder();
        for (Map.Entry<String, Node> d : n.dirs.entrySet()) {
            DirectoryCommitter.Root r = write(d.getValue());
            b.addDir(d.getKey(), r.tree(), r.meta());
        }
        for (Map.Entry<String, Future<Checksum>> f : n.files.entrySet()) {
            b.addFile(f.getKey(), WriterPool.await(f.getValue()));
        }
        Checksum tree = writer.writeMetadata(ObjectType.DIR_TREE, b.build().serialize());
        DirMeta meta = n.meta != null ? n.meta : modifier.directory(0, 0, DEFAULT_DIR.mode(), Xattrs.EMPTY);
        Checksum metaSum = writer.writeMetadata(ObjectType.DIR_META, meta.serialize());
        return new DirectoryCommitter.Root(tree, metaSum);
    }

    /** Splits an entry path into validated components; {@code ./} and leading or doubled {@code /} are dropped. */
    static List<String> split(String path) throws UnsafeNameException {
        List<String> out = new ArrayList<>();
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new UnsafeNameException("tar entry \"" + path + "\"", part, "path escapes the root");
            }
            try {
                DirTree.validateName(part);
            } catch (UnsafeNameException e) {
                throw new UnsafeNameException("tar entry \"" + path + "\"", part, "rejected: " + e.getMessage());
            }
            out.add(part);
        }
        return out;
    }

    private Xattrs xattrs(TarArchiveEntry e) {
        if (!modifier.readsXattrs()) {
            return Xattrs.EMPTY;
        }
        Map<String, String> pax = e.getExtraPaxHeaders();
        if (pax.isEmpty()) {
            return Xattrs.EMPTY;
        }
        Map<String, byte[]> map = new TreeMap<>();
        pax.forEach((k, v) -> {
            if (k.startsWith("SCHILY.xattr.")) {
                map.put(k.substring("SCHILY.xattr.".length()), v.getBytes(StandardCharsets.UTF_8));
            } else if (k.startsWith("LIBARCHIVE.xattr.")) {
                map.put(k.substring("LIBARCHIVE.xattr.".length()), Base64.getDecoder().decode(v));
            }
        });
        return map.isEmpty() ? Xattrs.EMPTY : Xattrs.ofFilesystem(map);
    }

    /** Keeps Commons Compress from closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the caller owns the stream
        }
    }
}
