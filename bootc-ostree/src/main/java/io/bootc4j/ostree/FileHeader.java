package io.bootc4j.ostree;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The metadata of a content object (regular file or symlink) that is part of its checksum:
 * owner, full {@code st_mode} including the file-type bits, rdev (always 0 in ostree), the
 * symlink target ({@code ""} for regular files) and xattrs. Timestamps are not part of it.
 *
 * <p>Two serializations exist, both "length-prefixed" ({@code variant_to_lenprefixed_buffer} in
 * {@code ostree-core.c}: u32 big-endian variant size, four zero bytes, then the variant):
 * {@link #checksumHeader()} ({@code (uuuusa(ayay))}, hashed before the content) and
 * {@link #archiveHeader(long)} ({@code (tuuuusa(ayay))}, at the start of an archive-mode
 * {@code .filez}). ostree byte-swaps every integer field to big-endian before serializing.
 */
public record FileHeader(int uid, int gid, int mode, int rdev, String symlinkTarget, Xattrs xattrs) {

    public static final int S_IFMT = 0170000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;

    /** ostree's cap on a header variant ({@code OSTREE_MAX_METADATA_SIZE} in 2022.7). */
    public static final int MAX_HEADER_SIZE = 10 * 1024 * 1024;

    /** The header and content size read from a {@code .filez} object. */
    public record Archived(FileHeader header, long size) {
        public Archived {
            Objects.requireNonNull(header, "header");
        }
    }

    /**
     * @throws IllegalArgumentException when the target contains NUL, a symlink has an empty
     *     target, or a regular file has a non-empty one
     */
    public FileHeader {
        symlinkTarget = symlinkTarget == null ? "" : symlinkTarget;
        Objects.requireNonNull(xattrs, "xattrs");
        if (symlinkTarget.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("symlink target contains NUL: \"" + symlinkTarget + "\"");
        }
        boolean link = (mode & S_IFMT) == S_IFLNK;
        if (link && symlinkTarget.isEmpty()) {
            throw new IllegalArgumentException("symlink header needs a target");
        }
        if (!link && !symlinkTarget.isEmpty()) {
            throw new IllegalArgumentException("mode 0" + Integer.toOctalString(mode)
                    + " is not a symlink but has target \"" + symlinkTarget + "\"");
        }
    }

    /** A regular file: {@code permissions} are the low 12 mode bits, {@code S_IFREG} is added. */
    public static FileHeader regularFile(int uid, int gid, int permissions, Xattrs xattrs) {
        return new FileHeader(uid, gid, S_IFREG | (permissions & 07777), 0, "", xattrs);
    }

    /** A symlink with mode {@code 0120777}. */
    public static FileHeader symlink(int uid, int gid, String target, Xattrs xattrs) {
        return new FileHeader(uid, gid, S_IFLNK | 0777, 0, target, xattrs);
    }

    public boolean isSymlink() {
        return (mode & S_IFMT) == S_IFLNK;
    }

    public boolean isRegularFile() {
        return (mode & S_IFMT) == S_IFREG;
    }

    /** The bytes hashed before the file content: length prefix, padding and {@code (uuuusa(ayay))}. */
    public byte[] checksumHeader() {
        return lengthPrefixed(ObjectCodec.encode(ObjectCodec.FILE_HEADER, List.of(
                Integer.reverseBytes(uid), Integer.reverseBytes(gid), Integer.reverseBytes(mode),
                Integer.reverseBytes(rdev), symlinkTarget, xattrs.toGv())));
    }

    /**
     * The start of a {@code .filez} object: length prefix, padding and {@code (tuuuusa(ayay))}
     * with the uncompressed content {@code size} (0 for symlinks, which have no content stream).
     */
    public byte[] archiveHeader(long size) {
        return lengthPrefixed(ObjectCodec.encode(ObjectCodec.ARCHIVE_HEADER, List.of(
                Long.reverseBytes(size), Integer.reverseBytes(uid), Integer.reverseBytes(gid),
                Integer.reverseBytes(mode), Integer.reverseBytes(rdev), symlinkTarget, xattrs.toGv())));
    }

    /**
     * Parses the {@code (tuuuusa(ayay))} variant of a {@code .filez} header: the bytes after the
     * 8-byte length prefix, exactly as many as the prefix says.
     */
    public static Archived parseArchiveHeader(byte[] variant) throws ObjectFormatException {
        List<?> t = (List<?>) ObjectCodec.decode(ObjectCodec.ARCHIVE_HEADER, variant, ".filez header");
        long size = Long.reverseBytes((Long) t.get(0));
        FileHeader h = fromFields(t.subList(1, t.size()), ".filez header");
        if (size < 0) {
            throw new ObjectFormatException(".filez header: content size " + Long.toUnsignedString(size)
                    + " is out of range");
        }
        return new Archived(h, size);
    }

    /** Parses a checksum header as produced by {@link #checksumHeader()} (with its length prefix). */
    public static FileHeader parseChecksumHeader(byte[] lengthPrefixed) throws ObjectFormatException {
        byte[] variant = stripLengthPrefix(lengthPrefixed, "file header");
        List<?> t = (List<?>) ObjectCodec.decode(ObjectCodec.FILE_HEADER, variant, "file header");
        return fromFields(t, "file header");
    }

    private static FileHeader fromFields(List<?> f, String what) throws ObjectFormatException {
        int mode = Integer.reverseBytes((Integer) f.get(2));
        String target = (String) f.get(4);
        int type = mode & S_IFMT;
        if (type != S_IFREG && type != S_IFLNK) {
            throw new ObjectFormatException(what + ": mode 0" + Integer.toOctalString(mode)
                    + " is neither a regular file nor a symlink");
        }
        if ((type == S_IFLNK) == target.isEmpty()) {
            throw new ObjectFormatException(what + ": mode 0" + Integer.toOctalString(mode)
                    + " does not match symlink target \"" + target + "\"");
        }
        return new FileHeader(Integer.reverseBytes((Integer) f.get(0)), Integer.reverseBytes((Integer) f.get(1)),
                mode, Integer.reverseBytes((Integer) f.get(3)), target, Xattrs.fromGv(f.get(5)));
    }

    static byte[] lengthPrefixed(byte[] variant) {
        byte[] out = new byte[8 + variant.length];
        int n = variant.length;
        out[0] = (byte) (n >>> 24);
        out[1] = (byte) (n >>> 16);
        out[2] = (byte) (n >>> 8);
        out[3] = (byte) n;
        System.arraycopy(variant, 0, out, 8, n);
        return out;
    }

    private static byte[] stripLengthPrefix(byte[] data, String what) throws ObjectFormatException {
        if (data.length < 8) {
            throw new ObjectFormatException(what + ": " + data.length + " bytes, shorter than the 8-byte length prefix");
        }
        long n = ((data[0] & 0xFFL) << 24) | ((data[1] & 0xFF) << 16) | ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
        if (n != data.length - 8L) {
            throw new ObjectFormatException(what + ": length prefix says " + n + " bytes, " + (data.length - 8)
                    + " follow");
        }
        if ((data[4] | data[5] | data[6] | data[7]) != 0) {
            throw new ObjectFormatException(what + ": padding after the length prefix is not zero");
        }
        return Arrays.copyOfRange(data, 8, data.length);
    }
}
