package io.bootc4j.ostree.internal.gvariant;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Serializes values in GVariant normal form. Alignment is computed from the start of the output,
 * which equals alignment relative to each container because every container starts aligned to
 * its own alignment. Integers are written little-endian (the host order ostree runs with on
 * x86_64 and aarch64); callers byte-swap the fields ostree stores big-endian.
 */
final class GvWriter {

    private byte[] buf = new byte[256];
    private int len;

    static byte[] serialize(GvType type, Object value) {
        GvWriter w = new GvWriter();
        w.write(type, value);
        return Arrays.copyOf(w.buf, w.len);
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    private void pad(int alignment) {
        int target = GvType.alignUp(len, alignment);
        ensure(target - len);
        while (len < target) {
            buf[len++] = 0;
        }
    }

    private void putByte(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    private void putLe(long v, int width) {
        ensure(width);
        for (int i = 0; i < width; i++) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
    }

    private void putBytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void write(GvType type, Object value) {
        pad(type.alignment());
        if (value instanceof RawValue raw) {
            if (!raw.type().equals(type)) {
                throw new IllegalArgumentException("raw value of type " + raw.type() + " where " + type + " is expected");
            }
            putBytes(raw.dataUnsafe());
            return;
        }
        switch (type.kind()) {
            case 'y' -> putByte(((Number) value).intValue());
            case 'b' -> putByte(((Boolean) value) ? 1 : 0);
            case 'n', 'q' -> putLe(((Number) value).shortValue(), 2);
            case 'i', 'u', 'h' -> putLe(((Number) value).intValue(), 4);
            case 'x', 't' -> putLe(((Number) value).longValue(), 8);
            case 'd' -> putLe(Double.doubleToRawLongBits((Double) value), 8);
            case 's', 'o', 'g' -> writeString((String) value);
            case 'v' -> writeVariant((Variant) value);
            case 'm' -> writeMaybe(type, (Optional<?>) value);
            case 'a' -> writeArray(type, value);
            case '(', '{' -> writeTuple(type, (List<?>) value);
            default -> throw new IllegalStateException("unknown type " + type);
        }
    }

    private void writeString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            if (x == 0) {
                throw new IllegalArgumentException("GVariant string contains NUL: \"" + s + "\"");
            }
        }
        putBytes(b);
        putByte(0);
    }

    private void writeVariant(Variant v) {
        write(v.type(), v.value());
        putByte(0);
        putBytes(v.type().signature().getBytes(StandardCharsets.US_ASCII));
    }

    private void writeMaybe(GvType type, Optional<?> value) {
        if (value.isPresent()) {
            write(type.element(), value.get());
            if (!type.element().isFixedSize()) {
                putByte(0);
            }
        }
    }

    private void writeArray(GvType type, Object value) {
        GvType element = type.element();
        if (element.kind() == 'y' && value instanceof byte[] bytes) {
            putBytes(bytes);
            return;
        }
        List<?> items = (List<?>) value;
        if (element.isFixedSize()) {
            for (Object item : items) {
                write(element, item);
            }
            return;
        }
        int start = len;
        long[] ends = new long[items.size()];
        for (int i = 0; i < ends.length; i++) {
            write(element, items.get(i));
            ends[i] = len - start;
        }
        putOffsets(start, ends);
    }

    private void writeTuple(GvType type, List<?> values) {
        List<GvType> members = type.children();
        if (values.size() != members.size()) {
            throw new IllegalArgumentException(type + " needs " + members.size() + " members, got " + values.size());
        }
        int start = len;
        long[] ends = new long[members.size()];
        int n = 0;
        for (int i = 0; i < members.size(); i++) {
            GvType m = members.get(i);
            write(m, values.get(i));
            if (!m.isFixedSize() && i != members.size() - 1) {
                ends[n++] = len - start;
            }
        }
        if (type.isFixedSize()) {
            ensure(type.fixedSize());
            while (len - start < type.fixedSize()) {
                buf[len++] = 0;
            }
            return;
        }
        long[] reversed = new long[n];
        for (int i = 0; i < n; i++) {
            reversed[i] = ends[n - 1 - i];
        }
        putOffsets(start, reversed);
    }

    private void putOffsets(int start, long[] offsets) {
        if (offsets.length == 0) {
            return;
        }
        long body = len - start;
        int width = offsetWidth(body, offsets.length);
        for (long o : offsets) {
            putLe(o, width);
        }
    }

    /** GLib {@code gvs_calculate_total_size}: the smallest width whose maximum holds the total. */
    static int offsetWidth(long body, int count) {
        if (body + count <= 0xFFL) {
            return 1;
        }
        if (body + 2L * count <= 0xFFFFL) {
            return 2;
        }
        if (body + 4L * count <= 0xFFFFFFFFL) {
            return 4;
        }
        return 8;
    }
}
