package io.bootc4j.ostree;

import java.util.List;
import java.util.Objects;

/**
 * A directory's metadata object ({@code .dirmeta}, GVariant {@code (uuua(ayay))}): owner, full
 * {@code st_mode} including {@code S_IFDIR}, and xattrs. ostree stores the three integers
 * big-endian ({@code GUINT32_TO_BE}). The same layout is the bare-user {@code user.ostreemeta}
 * xattr of a content object.
 */
public record DirMeta(int uid, int gid, int mode, Xattrs xattrs) {

    /** {@code S_IFDIR}. */
    public static final int S_IFDIR = 0040000;

    public DirMeta {
        Objects.requireNonNull(xattrs, "xattrs");
    }

    /** The serialized object bytes. */
    public byte[] serialize() {
        return ObjectCodec.encode(ObjectCodec.DIRMETA, List.of(Integer.reverseBytes(uid), Integer.reverseBytes(gid),
                Integer.reverseBytes(mode), xattrs.toGv()));
    }

    /** SHA-256 of {@link #serialize()}: the object's name. */
    public Checksum checksum() {
        return Checksum.sha256(serialize());
    }

    /** Parses a {@code .dirmeta} object (or a bare-user {@code user.ostreemeta} value). */
    public static DirMeta parse(byte[] data) throws ObjectFormatException {
        List<?> t = (List<?>) ObjectCodec.decode(ObjectCodec.DIRMETA, data, "dirmeta");
        return new DirMeta(Integer.reverseBytes((Integer) t.get(0)), Integer.reverseBytes((Integer) t.get(1)),
                Integer.reverseBytes((Integer) t.get(2)), Xattrs.fromGv(t.get(3)));
    }
}
