package io.bootc4j.ostree;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the {@value #METADATA_KEY} commit metadata ({@code ostree commit --generate-sizes}):
 * an {@code ay} of the object's 32 checksum bytes, its archived (compressed) and unpacked sizes as
 * unsigned LEB128 varints, and the object type byte. Clients use it to estimate a pull.
 */
public record ObjectSize(Checksum checksum, ObjectType type, long archivedSize, long unpackedSize) {

    public static final String METADATA_KEY = "ostree.sizes";

    public ObjectSize {
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(type, "type");
        if (archivedSize < 0 || unpackedSize < 0) {
            throw new IllegalArgumentException("object sizes must not be negative");
        }
    }

    /** The {@code ay} element. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(48);
        out.writeBytes(checksum.bytesUnsafe());
        varint(out, archivedSize);
        varint(out, unpackedSize);
        out.write(type.code());
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    /**
     * Decodes one element. Entries written before the type byte existed end after the sizes;
     * those are content objects, the only kind they listed.
     */
    public static ObjectSize decode(byte[] entry) throws ObjectFormatException {
        if (entry.length < Checksum.LENGTH + 2) {
            throw new ObjectFormatException(METADATA_KEY + " entry of " + entry.length + " bytes is too short");
        }
        int[] pos = {Checksum.LENGTH};
        long archived = readVarint(entry, pos);
        long unpacked = readVarint(entry, pos);
        ObjectType type = ObjectType.FILE;
        if (pos[0] < entry.length) {
            int code = entry[pos[0]++] & 0xFF;
            type = ObjectType.fromCode(code).orElseThrow(() -> new ObjectFormatException(
                    METADATA_KEY + " entry has unknown object type " + code));
        }
        if (pos[0] != entry.length) {
            throw new ObjectFormatException(METADATA_KEY + " entry has " + (entry.length - pos[0]) + " trailing bytes");
        }
        return new ObjectSize(Checksum.fromBytes(entry, 0), type, archived, unpacked);
    }

    private static long readVarint(byte[] b, int[] pos) throws ObjectFormatException {
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (pos[0] >= b.length) {
                throw new ObjectFormatException(METADATA_KEY + " entry ends inside a varint");
            }
            int x = b[pos[0]++] & 0xFF;
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new ObjectFormatException(METADATA_KEY + " entry has a varint longer than 63 bits");
    }

    /** The entries of {@code commitMetadata}, or an empty list when it has none. */
    public static List<ObjectSize> fromMetadata(Metadata commitMetadata) throws ObjectFormatException {
        Optional<MetadataValue> v = commitMetadata.get(METADATA_KEY);
        if (v.isEmpty()) {
            return List.of();
        }
        if (!(v.get() instanceof MetadataValue.ByteStrings entries)) {
            throw new ObjectFormatException(METADATA_KEY + " holds " + v.get().typeString() + ", not aay");
        }
        List<ObjectSize> out = new ArrayList<>(entries.size());
        for (byte[] e : entries.valueUnsafe()) {
            out.add(decode(e));
        }
        return out;
    }

    /** Puts {@code sizes}, sorted by checksum as ostree writes them, under {@value #METADATA_KEY}. */
    public static Metadata.Builder putInto(Metadata.Builder metadata, Collection<ObjectSize> sizes) {
        List<ObjectSize> sorted = new ArrayList<>(sizes);
        sorted.sort(Comparator.comparing(ObjectSize::checksum));
        List<byte[]> encoded = new ArrayList<>(sorted.size());
        for (ObjectSize s : sorted) {
            encoded.add(s.encode());
        }
        return metadata.putByteStrings(METADATA_KEY, encoded);
    }
}
