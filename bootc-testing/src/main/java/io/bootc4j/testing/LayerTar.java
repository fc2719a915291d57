package io.bootc4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a directory tree as a layer tar: entries in byte order of their names, relative paths
 * without a leading {@code ./}, directories with a trailing {@code /}, modes with setuid/setgid/
 * sticky bits, numeric owners, symlinks, hardlinks (second and later paths of one inode), and
 * {@code user.*} xattrs (UTF-8 values) as PAX {@code SCHILY.xattr.*} records. Long names and link
 * targets use PAX.
 * Files named {@code .wh.*} are written as they are, so a tree can carry whiteouts.
 */
final class LayerTar {

    private final Path root;
    private final Instant mtime;
    private final Map<Object, String> inodes = new HashMap<>();

    private LayerTar(Path root, Instant mtime) {
        this.root = root;
        this.mtime = mtime;
    }

    /** Writes {@code root}'s contents to {@code out} (not closed) with every mtime set to {@code mtime}. */
    static void write(Path root, Instant mtime, OutputStream out) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("layer source " + root + ": not a directory");
        }
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosing(out), StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        new LayerTar(root, mtime).walk(root, "", tar);
        tar.finish();
        tar.close();
    }

    private void walk(Path dir, String prefix, TarArchiveOutputStream tar) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = new ArrayList<>(list.toList());
        }
        children.sort((a, b) -> Arrays.compareUnsigned(nameBytes(a), nameBytes(b)));
        for (Path child : children) {
            String name = prefix + child.getFileName().toString();
            Map<String, Object> attrs = Files.readAttributes(child, "unix:mode,uid,gid,ino,dev,nlink,size",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) attrs.get("mode");
            int type = mode & 0170000;
            TarArchiveEntry entry;
            if (type == 0040000) {
                entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
            } else if (type == 0120000) {
                entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                entry.setLinkName(Files.readSymbolicLink(child).toString());
            } else if (type == 0100000) {
                Object inode = List.of(attrs.get("dev"), attrs.get("ino"));
                String first = (Integer) attrs.get("nlink") > 1 ? inodes.putIfAbsent(inode, name) : null;
                if (first != null) {
                    entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
                    entry.setLinkName(first);
                } else {
                    entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                    entry.setSize((Long) attrs.get("size"));
                }
            } else {
                throw new IOException("layer source " + child + ": unsupported file type 0" + Integer.toOctalString(type));
            }
            entry.setMode(mode & 07777);
            entry.setUserId((Integer) attrs.get("uid"));
            entry.setGroupId((Integer) attrs.get("gid"));
            // commons-compress fills in the JVM's user name; numeric owners only keeps layers reproducible.
            entry.setUserName("");
            entry.setGroupName("");
            entry.setLastModifiedTime(FileTime.from(mtime));
            if (type != 0120000) {
                for (Map.Entry<String, String> x : userXattrs(child).entrySet()) {
                    entry.addPaxHeader("SCHILY.xattr.user." + x.getKey(), x.getValue());
                }
            }
            tar.putArchiveEntry(entry);
            if (type == 0100000 && !entry.isLink()) {
                try (InputStream in = Files.newInputStream(child)) {
                    in.transferTo(tar);
                }
            }
            tar.closeArchiveEntry();
            if (type == 0040000) {
                walk(child, name + "/", tar);
            }
        }
    }

    private static byte[] nameBytes(Path p) {
        return p.getFileName().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code user.*} xattrs of {@code file} (names without the {@code user.} prefix), sorted. */
    static Map<String, String> userXattrs(Path file) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        Map<String, String> out = new java.util.TreeMap<>();
        if (view == null) {
            return out;
        }
        for (String name : view.list()) {
            ByteBuffer buf = ByteBuffer.allocate(view.size(name));
            view.read(name, buf);
            buf.flip();
            out.put(name, StandardCharsets.UTF_8.decode(buf).toString());
        }
        return out;
    }

    /** Lets the tar stream finish and close without closing the compressor beneath it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
