package io.bootc4j.ostree;

import io.bootc4j.ostree.internal.gvariant.GVariant;
import io.bootc4j.ostree.internal.gvariant.GVariantFormatException;
import io.bootc4j.ostree.internal.gvariant.GvType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The ostree GVariant types and the bridge from codec errors to {@link ObjectFormatException}. */
final class ObjectCodec {

    static final GvType XATTRS = GvType.of("a(ayay)");
    static final GvType DIRMETA = GvType.of("(uuua(ayay))");
    static final GvType DIRTREE = GvType.of("(a(say)a(sayay))");
    static final GvType COMMIT = GvType.of("(a{sv}aya(say)sstayay)");
    static final GvType FILE_HEADER = GvType.of("(uuuusa(ayay))");
    static final GvType ARCHIVE_HEADER = GvType.of("(tuuuusa(ayay))");
    static final GvType VARDICT = GvType.of("a{sv}");
    static final GvType SUMMARY = GvType.of("(a(s(taya{sv}))a{sv})");

    private ObjectCodec() {}

    /** Deserializes in normal form; failures name {@code what} (e.g. {@code "dirtree"}). */
    static Object decode(GvType type, byte[] data, String what) throws ObjectFormatException {
        try {
            return GVariant.deserialize(type, data);
        } catch (GVariantFormatException e) {
            throw new ObjectFormatException(what + " (" + data.length + " bytes): " + e.getMessage(), e);
        }
    }

    static byte[] encode(GvType type, Object value) {
        return GVariant.serialize(type, value);
    }

    /** Unsigned lexicographic order of UTF-8 bytes: C {@code strcmp} on the names ostree sorts. */
    static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    static String strictUtf8(byte[] bytes, int from, int to, String what) throws ObjectFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new ObjectFormatException(what + " is not valid UTF-8");
        }
    }

    static Checksum checksumField(byte[] raw, String what) throws ObjectFormatException {
        if (raw.length != Checksum.LENGTH) {
            throw new ObjectFormatException(what + " has " + raw.length + " bytes, a checksum needs 32");
        }
        return Checksum.fromBytes(raw);
    }
}
