package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.CorruptObjectException;
import io.bootc4j.ostree.FileHeader;
import io.bootc4j.ostree.FileObject;
import io.bootc4j.ostree.ObjectFormatException;
import io.bootc4j.ostree.ObjectName;
import io.bootc4j.ostree.ObjectNotFoundException;
import io.bootc4j.ostree.ObjectType;
import io.bootc4j.ostree.RepoMode;
import io.bootc4j.ostree.Xattrs;
import io.bootc4j.ostree.internal.nativeio.DirectoryFd;
import io.bootc4j.ostree.internal.nativeio.LinuxFiles;
import io.bootc4j.ostree.internal.nativeio.RegularFile;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The loose objects under {@code objects/XX/…} and how each repository mode stores a content
 * object (reference: ostree-format §1.3–1.5). Reads only; thread-safe (no mutable state).
 */
public final class LooseObjects {

    /** ostree 2022.7 {@code OSTREE_MAX_METADATA_SIZE}: larger metadata objects are refused. */
    public static final int MAX_METADATA_SIZE = 10 * 1024 * 1024;
    /** The {@code user.ostreemeta} xattr of bare-user content objects. */
    public static final String OSTREEMETA = "user.ostreemeta";

    private final Path repo;
    private final RepoMode mode;

    public LooseObjects(Path repo, RepoMode mode) {
        this.repo = repo;
        this.mode = mode;
    }

    public RepoMode mode() {
        return mode;
    }

    /** Where {@code name} lives (or would live) in {@code objects/}. */
    public Path path(ObjectName name) {
        return repo.resolve(name.looseRelativePath(mode == RepoMode.ARCHIVE));
    }

    /** The {@code objects/} directory; a loose object is at {@link ObjectName#looseRelativePath} below its parent. */
    public Path objectsDirectory() {
        return repo.resolve("objects");
    }

    public boolean contains(ObjectName name) {
        return LinuxFiles.existsNoFollow(path(name));
    }

    /** The bytes of a metadata object. */
    public byte[] readMetadata(ObjectName name) throws IOException {
        try {
            return metadataBytes(name, RegularFile.open(path(name)));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(name, "");
        }
    }

    /**
     * The bytes of metadata object {@code name}, opened relative to the open {@code objects/}
     * directory {@code objectsDir} (a lookup of two names instead of the whole path). Checks as
     * {@link #readMetadata(ObjectName)}.
     */
    public byte[] readMetadata(DirectoryFd objectsDir, ObjectName name) throws IOException {
        try {
            return metadataBytes(name, RegularFile.openAt(objectsDir, relativeName(name)));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(name, "");
        }
    }

    /**
     * {@code data}, the bytes read for metadata object {@code name}, once they are checked to
     * hash to its checksum.
     *
     * @throws CorruptObjectException naming the object and what its bytes hash to otherwise
     */
    public static byte[] verified(ObjectName name, byte[] data) throws CorruptObjectException {
        Checksum actual = Checksum.sha256(data);
        if (!actual.equals(name.checksum())) {
            throw new CorruptObjectException(name, actual);
        }
        return data;
    }

    private static byte[] metadataBytes(ObjectName name, Optional<RegularFile> file) throws IOException {
        try (RegularFile f = file.orElseThrow(() -> new CorruptObjectException(name, "the metadata object is not a regular file"))) {
            if (f.size() > MAX_METADATA_SIZE) {
                throw new CorruptObjectException(name, "metadata object of " + f.size() + " bytes exceeds ostree's 10 MiB limit");
            }
            return f.readAll(); // one open, one statx, one read
        }
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** {@link ObjectType#suffix()} of each type, by ordinal, as bytes. */
    private static final byte[][] SUFFIXES = suffixes();

    private static byte[][] suffixes() {
        ObjectType[] types = ObjectType.values();
        byte[][] out = new byte[types.length][];
        for (ObjectType t : types) {
            out[t.ordinal()] = t.suffix().getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    /**
     * {@code XX/YYYY….TYPE}, NUL-terminated: where a metadata object, or a content object of a bare
     * mode, is below {@code objects/}, as the kernel takes a name.
     */
    public static byte[] relativeName(ObjectName name) {
        byte[] raw = name.checksum().bytes();
        byte[] suffix = SUFFIXES[name.type().ordinal()];
        byte[] out = new byte[2 + 1 + 62 + 1 + suffix.length + 1];
        int o = 0;
        for (int i = 0; i < raw.length; i++) {
            out[o++] = HEX[(raw[i] >> 4) & 0xf];
            out[o++] = HEX[raw[i] & 0xf];
            if (i == 0) {
                out[o++] = '/';
            }
        }
        out[o++] = '.';
        System.arraycopy(suffix, 0, out, o, suffix.length);
        return out;
    }

    /** Opens a content object: header from wherever the mode keeps it, content as a stream. */
    public FileObject openFile(Checksum checksum) throws IOException {
        return open(checksum, true);
    }

    private FileObject open(Checksum checksum, boolean withContent) throws IOException {
        ObjectName name = new ObjectName(checksum, ObjectType.FILE);
        Path p = path(name);
        try {
            return switch (mode) {
                case ARCHIVE -> openArchive(name, p, withContent);
                case BARE_USER -> openBareUser(name, p, withContent);
                case BARE, BARE_USER_ONLY, BARE_SPLIT_XATTRS -> openBare(name, p, withContent);
            };
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(name, "");
        }
    }

    /** The header of a content object and its content size; {@link FileObject#content()} is empty. */
    public FileObject stat(Checksum checksum) throws IOException {
        return open(checksum, false);
    }

    private FileObject openBare(ObjectName name, Path p, boolean withContent) throws IOException {
        FsEntry st = FsEntry.lstat(p);
        if (!st.isRegularFile() && !st.isSymlink()) {
            throw new CorruptObjectException(name, "is neither a regular file nor a symlink");
        }
        boolean owned = mode == RepoMode.BARE || mode == RepoMode.BARE_SPLIT_XATTRS;
        int uid = owned ? st.uid() : 0;
        int gid = owned ? st.gid() : 0;
        Xattrs xattrs = switch (mode) {
            case BARE -> FsEntry.readXattrs(p);
            case BARE_SPLIT_XATTRS -> splitXattrs(name);
            default -> Xattrs.EMPTY;
        };
        FileHeader h = new FileHeader(uid, gid, st.mode(), 0, st.isSymlink() ? st.symlinkTarget() : "", xattrs);
        if (st.isSymlink()) {
            return new FileObject(name.checksum(), h, 0, InputStream.nullInputStream());
        }
        return new FileObject(name.checksum(), h, st.size(), content(p, withContent));
    }

    /** bare-split-xattrs: the {@code a(ayay)} behind {@code CSUM.file-xattrs-link}; none if there is no link. */
    private Xattrs splitXattrs(ObjectName file) throws IOException {
        Path link = path(new ObjectName(file.checksum(), ObjectType.FILE_XATTRS_LINK));
        byte[] data;
        try {
            if (Files.size(link) > MAX_METADATA_SIZE) {
                throw new CorruptObjectException(file, "xattrs object of " + Files.size(link) + " bytes exceeds 10 MiB");
            }
            data = Files.readAllBytes(link);
        } catch (NoSuchFileException e) {
            return Xattrs.EMPTY;
        }
        try {
            return Xattrs.parse(data);
        } catch (ObjectFormatException e) {
            throw new CorruptObjectException(file, ".file-xattrs-link: " + e.getMessage());
        }
    }

    private static InputStream content(Path p, boolean withContent) throws IOException {
        return withContent ? Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS) : InputStream.nullInputStream();
    }

    private FileObject openBareUser(ObjectName name, Path p, boolean withContent) throws IOException {
        FsEntry st = FsEntry.lstat(p);
        if (!st.isRegularFile()) {
            throw new CorruptObjectException(name, "bare-user content object is not a regular file");
        }
        Optional<byte[]> meta = LinuxFiles.getXattr(p, OSTREEMETA);
        if (meta.isEmpty()) {
            throw new CorruptObjectException(name, "bare-user content object has no " + OSTREEMETA + " xattr");
        }
        io.bootc4j.ostree.DirMeta m;
        try {
            m = io.bootc4j.ostree.DirMeta.parse(meta.get());
        } catch (ObjectFormatException e) {
            throw new CorruptObjectException(name, OSTREEMETA + " xattr: " + e.getMessage());
        }
        if ((m.mode() & FsEntry.S_IFMT) == FsEntry.S_IFLNK) {
            if (st.size() > 4096) {
                throw new CorruptObjectException(name, "bare-user symlink object of " + st.size() + " bytes");
            }
            byte[] raw = Files.readAllBytes(p);
            int end = 0;
            while (end < raw.length && raw[end] != 0) {
                end++;
            }
            String target = new String(raw, 0, end, StandardCharsets.UTF_8);
            FileHeader h = new FileHeader(m.uid(), m.gid(), m.mode(), 0, target, m.xattrs());
            return new FileObject(name.checksum(), h, 0, InputStream.nullInputStream());
        }
        FileHeader h = new FileHeader(m.uid(), m.gid(), m.mode(), 0, "", m.xattrs());
        return new FileObject(name.checksum(), h, st.size(), content(p, withContent));
    }

    private FileObject openArchive(ObjectName name, Path p, boolean withContent) throws IOException {
        InputStream raw = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS);
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 65536));
            int len;
            byte[] variant;
            try {
                len = in.readInt();
                in.readInt();
                if (len < 0 || len > MAX_METADATA_SIZE) {
                    throw new CorruptObjectException(name, "archive header length " + Integer.toUnsignedString(len) + " is out of range");
                }
                variant = new byte[len];
                in.readFully(variant);
            } catch (EOFException e) {
                throw new CorruptObjectException(name, "truncated .filez header");
            }
            FileHeader.Archived a;
            try {
                a = FileHeader.parseArchiveHeader(variant);
            } catch (ObjectFormatException e) {
                throw new CorruptObjectException(name, ".filez header: " + e.getMessage());
            }
            boolean symlink = (a.header().mode() & FsEntry.S_IFMT) == FsEntry.S_IFLNK;
            InputStream content = symlink || !withContent ? InputStream.nullInputStream()
                    : new InflaterInputStream(in, new Inflater(true), 65536) {
                        @Override
                        public void close() throws IOException {
                            try {
                                super.close();
                            } finally {
                                inf.end();
                            }
                        }
                    };
            if (symlink || !withContent) {
                in.close();
            }
            return new FileObject(name.checksum(), a.header(), symlink ? 0 : a.size(), content);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Calls {@code visitor} for every loose object, in directory order. Unknown files are skipped. */
    public void forEach(ObjectVisitor visitor) throws IOException {
        for (Path prefix : prefixDirectories()) {
            forEachIn(prefix, visitor);
        }
    }

    /**
     * The {@code objects/XX} directories in directory order: {@link #forEachIn} over each, in
     * this order, visits what {@link #forEach} visits in the same order.
     */
    public List<Path> prefixDirectories() throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(repo.resolve("objects"))) {
            for (Path prefix : prefixes) {
                if (prefix.getFileName().toString().length() == 2 && Files.isDirectory(prefix, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(prefix);
                }
            }
        }
        return found;
    }

    /** Calls {@code visitor} for every loose object in one of {@link #prefixDirectories()}, in directory order. */
    public void forEachIn(Path prefix, ObjectVisitor visitor) throws IOException {
        String pfx = prefix.getFileName().toString();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (mode == RepoMode.ARCHIVE && n.endsWith(".filez")) {
                    n = n.substring(0, n.length() - 1);
                } else if (mode == RepoMode.ARCHIVE && n.endsWith(".file")) {
                    continue;
                }
                Optional<ObjectName> on = ObjectName.tryParse(pfx + n);
                if (on.isPresent()) {
                    visitor.visit(on.get());
                }
            }
        }
    }

    /** Receives object names from {@link #forEach}. */
    public interface ObjectVisitor {
        void visit(ObjectName name) throws IOException;
    }
}
