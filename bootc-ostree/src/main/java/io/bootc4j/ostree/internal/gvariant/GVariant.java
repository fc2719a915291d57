package io.bootc4j.ostree.internal.gvariant;

import java.util.Arrays;

/**
 * Entry point of the GVariant codec for the subset of types ostree uses (and the rest of the
 * definite types, so unknown metadata values round-trip).
 *
 * <p>Value representation: {@code y} Byte, {@code b} Boolean, {@code n q} Short, {@code i u h}
 * Integer, {@code x t} Long (unsigned types keep their bits), {@code d} Double, {@code s o g}
 * String, {@code v} {@link Variant}, {@code m} Optional, {@code ay} byte[], other arrays List,
 * tuples and dictionary entries List of members. A {@link RawValue} may stand for any value
 * inside a {@code v}.
 */
public final class GVariant {

    private GVariant() {}

    /** Serializes {@code value} of {@code type} in normal form. */
    public static byte[] serialize(GvType type, Object value) {
        try {
            return GvWriter.serialize(type, value);
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("value does not match GVariant type " + type + ": " + e.getMessage(), e);
        }
    }

    /**
     * The width of the framing offsets in a container of {@code size} bytes, as a reader infers it
     * (GLib {@code gvs_get_offset_size}).
     */
    public static int offsetWidth(long size) {
        return GvReader.offsetWidthFor(size);
    }

    /**
     * The width normal form gives the {@code count} framing offsets that follow {@code body} bytes
     * (GLib {@code gvs_calculate_total_size}): a container is in normal form only if
     * {@link #offsetWidth} of its total size is this.
     */
    public static int normalOffsetWidth(long body, int count) {
        return GvWriter.offsetWidth(body, count);
    }

    /**
     * Deserializes {@code data} as {@code type}, rejecting anything that is malformed or not in
     * normal form (ostree refuses metadata objects that are not; {@code validate_variant} in
     * {@code ostree-core.c}).
     */
    public static Object deserialize(GvType type, byte[] data) throws GVariantFormatException {
        Object value = GvReader.read(type, data);
        if (!Arrays.equals(GvWriter.serialize(type, value), data)) {
            throw new GVariantFormatException(type + " of " + data.length + " bytes is not in GVariant normal form");
        }
        return value;
    }
}
