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
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Commits a directory on disk (ostree's {@code write_dfd_iter_to_mtree}): depth-first, each
 * directory's dirtree written after its children, so memory stays proportional to the depth and
 * the width of one directory. Regular files are hashed while they are copied into the store.
 * Single-thread.
 */
public final class DirectoryCommitter {

    /** The root of a committed tree. */
    public record Root(Checksum tree, Checksum meta) {}

    private final ObjectWriter writer;
    private final TreeModifier modifier;

    public DirectoryCommitter(ObjectWriter writer, TreeModifier modifier) {
        this.writer = writer;
        this.modifier = modifier;
    }

    public Root commit(Path dir) throws IOException {
        FsEntry st = FsEntry.lstat(dir);
        if (!st.isDirectory()) {
            throw new IOException(dir + ": not a directory");
        }
        return writeDir(dir, st);
    }

    private Root writeDir(Path dir, FsEntry st) throws IOException {
        DirTree.Builder tree = DirTree.builder();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path child : ds) {
                String name = child.getFileName().toString();
                FsEntry cst = FsEntry.lstat(child);
                try {
                    if (cst.isDirectory()) {
                        Root r = writeDir(child, cst);
                        tree.addDir(name, r.tree(), r.meta());
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
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return writer.writeContent(h, in, st.size());
        }
    }
}
