package io.bootc4j.ostree.internal.gvariant;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Strict GVariant deserializer. Every size and offset is checked against the enclosing
 * container before use, padding must be zero, element counts are bounded by the input size and
 * nesting is bounded by {@link GvType#MAX_DEPTH}, so hostile input can only produce a
 * {@link GVariantFormatException}.
 */
final class GvReader {

    private final byte[] data;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private GvReader(byte[] data) {
        this.data = data;
    }

    static Object read(GvType type, byte[] data) throws GVariantFormatException {
        return new GvReader(data).read(type, 0, data.length, 0);
    }

    private Object read(GvType type, int start, int end, int depth) throws GVariantFormatException {
        if (depth > GvType.MAX_DEPTH) {
            throw new GVariantFormatException("value nests deeper than " + GvType.MAX_DEPTH);
        }
        int size = end - start;
        if (type.isFixedSize() && size != type.fixedSize()) {
            throw new GVariantFormatException(type + " at " + start + " has " + size + " bytes, needs "
                    + type.fixedSize());
        }
        return switch (type.kind()) {
            case 'y' -> data[start];
            case 'b' -> readBoolean(start);
            case 'n', 'q' -> (short) le(start, 2);
            case 'i', 'u', 'h' -> (int) le(start, 4);
            case 'x', 't' -> le(start, 8);
            case 'd' -> Double.longBitsToDouble(le(start, 8));
            case 's', 'o', 'g' -> readString(start, end);
            case 'v' -> readVariant(start, end, depth);
            case 'm' -> readMaybe(type, start, end, depth);
            case 'a' -> readArray(type, start, end, depth);
            case '(', '{' -> readTuple(type, start, end, depth);
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }

    private Boolean readBoolean(int at) throws GVariantFormatException {
        byte b = data[at];
        if (b != 0 && b != 1) {
            throw new GVariantFormatException("boolean at " + at + " is " + (b & 0xFF) + ", not 0 or 1");
        }
        return b == 1;
    }

    private long le(int at, int width) {
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = (v << 8) | (data[at + i] & 0xFFL);
        }
        return v;
    }

    private String readString(int start, int end) throws GVariantFormatException {
        if (end == start || data[end - 1] != 0) {
            throw new GVariantFormatException("string at " + start + " is not NUL-terminated");
        }
        for (int i = start; i < end - 1; i++) {
            if (data[i] == 0) {
                throw new GVariantFormatException("string at " + start + " contains NUL at " + i);
            }
        }
        return utf8(start, end - 1);
    }

    private String utf8(int start, int end) throws GVariantFormatException {
        boolean ascii = true;
        for (int i = start; i < end && ascii; i++) {
            ascii = data[i] > 0;
        }
        if (ascii) {
            return new String(data, start, end - start, StandardCharsets.US_ASCII);
        }
        try {
            return utf8.decode(ByteBuffer.wrap(data, start, end - start)).toString();
        } catch (CharacterCodingException e) {
            throw new GVariantFormatException("string at " + start + " is not valid UTF-8");
        }
    }

    private Variant readVariant(int start, int end, int depth) throws GVariantFormatException {
        int nul = end - 1;
        while (nul >= start && data[nul] != 0) {
            nul--;
        }
        if (nul < start) {
            throw new GVariantFormatException("variant at " + start + " has no type string separator");
        }
        for (int i = nul + 1; i < end; i++) {
            if (data[i] < 0x20 || data[i] > 0x7e) {
                throw new GVariantFormatException("variant at " + start + " has a non-ASCII type string");
            }
        }
        GvType type = GvType.parse(new String(data, nul + 1, end - nul - 1, StandardCharsets.US_ASCII));
        return new Variant(type, read(type, start, nul, depth + 1));
    }

    private Optional<Object> readMaybe(GvType type, int start, int end, int depth) throws GVariantFormatException {
        if (end == start) {
            return Optional.empty();
        }
        GvType element = type.element();
        if (element.isFixedSize()) {
            return Optional.of(read(element, start, end, depth + 1));
        }
        if (data[end - 1] != 0) {
            throw new GVariantFormatException("maybe at " + start + " does not end with NUL");
        }
        return Optional.of(read(element, start, end - 1, depth + 1));
    }

    private Object readArray(GvType type, int start, int end, int depth) throws GVariantFormatException {
        GvType element = type.element();
        int size = end - start;
        if (element.kind() == 'y') {
            return Arrays.copyOfRange(data, start, end);
        }
        List<Object> items = new ArrayList<>();
        if (element.isFixedSize()) {
            if (size % element.fixedSize() != 0) {
                throw new GVariantFormatException(type + " at " + start + " has " + size
                        + " bytes, not a multiple of " + element.fixedSize());
            }
            for (int at = start; at < end; at += element.fixedSize()) {
                items.add(read(element, at, at + element.fixedSize(), depth + 1));
            }
            return items;
        }
        if (size == 0) {
            return items;
        }
        int width = offsetWidthFor(size);
        if (size < width) {
            throw new GVariantFormatException(type + " at " + start + " is too short for its framing offsets");
        }
        long bodyEnd = le(end - width, width);
        if (bodyEnd > size - width || (size - bodyEnd) % width != 0) {
            throw new GVariantFormatException(type + " at " + start + " has a bad last framing offset " + bodyEnd
                    + " for size " + size);
        }
        int count = (int) ((size - bodyEnd) / width);
        int offsetsAt = start + (int) bodyEnd;
        int pos = start;
        for (int i = 0; i < count; i++) {
            long elementEnd = le(offsetsAt + i * width, width);
            int elementStart = skipPadding(pos, start, element.alignment(), type);
            if (elementEnd < elementStart - start || elementEnd > bodyEnd) {
                throw new GVariantFormatException(type + " at " + start + ": element " + i + " ends at " + elementEnd
                        + ", outside " + (elementStart - start) + ".." + bodyEnd);
            }
            items.add(read(element, elementStart, start + (int) elementEnd, depth + 1));
            pos = start + (int) elementEnd;
        }
        if (pos != offsetsAt) {
            throw new GVariantFormatException(type + " at " + start + " has " + (offsetsAt - pos)
                    + " unused bytes before its framing offsets");
        }
        return items;
    }

    private List<Object> readTuple(GvType type, int start, int end, int depth) throws GVariantFormatException {
        List<GvType> members = type.children();
        List<Object> values = new ArrayList<>(members.size());
        if (members.isEmpty()) {
            if (data[start] != 0) {
                throw new GVariantFormatException("unit tuple at " + start + " is not a zero byte");
            }
            return values;
        }
        int size = end - start;
        int width = offsetWidthFor(size);
        int offsetsEnd = end;
        int pos = start;
        for (int i = 0; i < members.size(); i++) {
            GvType m = members.get(i);
            int memberStart = skipPadding(pos, start, m.alignment(), type);
            int memberEnd;
            if (m.isFixedSize()) {
                memberEnd = memberStart + m.fixedSize();
            } else if (i == members.size() - 1) {
                memberEnd = offsetsEnd;
            } else {
                if (offsetsEnd - width < memberStart || width == 0) {
                    throw new GVariantFormatException(type + " at " + start + " is too short for its framing offsets");
                }
                offsetsEnd -= width;
                long rel = le(offsetsEnd, width);
                if (rel > size) {
                    throw new GVariantFormatException(type + " at " + start + ": member " + i
                            + " framing offset " + rel + " exceeds size " + size);
                }
                memberEnd = start + (int) rel;
            }
            if (memberEnd < memberStart || memberEnd > offsetsEnd) {
                throw new GVariantFormatException(type + " at " + start + ": member " + i + " (" + m + ") spans "
                        + (memberStart - start) + ".." + (memberEnd - start) + ", outside the tuple body of "
                        + (offsetsEnd - start) + " bytes");
            }
            values.add(read(m, memberStart, memberEnd, depth + 1));
            pos = memberEnd;
        }
        if (!type.isFixedSize()) {
            if (pos != offsetsEnd) {
                throw new GVariantFormatException(type + " at " + start + " has " + (offsetsEnd - pos)
                        + " unused bytes after its last member");
            }
        } else {
            for (int i = pos; i < end; i++) {
                if (data[i] != 0) {
                    throw new GVariantFormatException(type + " at " + start + " has non-zero padding at " + i);
                }
            }
        }
        return values;
    }

    private int skipPadding(int pos, int containerStart, int alignment, GvType container)
            throws GVariantFormatException {
        int aligned = containerStart + GvType.alignUp(pos - containerStart, alignment);
        if (aligned > data.length) {
            throw new GVariantFormatException(container + " at " + containerStart + " is truncated");
        }
        for (int i = pos; i < aligned; i++) {
            if (data[i] != 0) {
                throw new GVariantFormatException(container + " at " + containerStart + " has non-zero padding at " + i);
            }
        }
        return aligned;
    }

    /** GLib {@code gvs_get_offset_size}: the framing offset width implied by a container's size. */
    static int offsetWidthFor(long size) {
        if (size > 0xFFFFFFFFL) {
            return 8;
        }
        if (size > 0xFFFF) {
            return 4;
        }
        if (size > 0xFF) {
            return 2;
        }
        return size > 0 ? 1 : 0;
    }
}
