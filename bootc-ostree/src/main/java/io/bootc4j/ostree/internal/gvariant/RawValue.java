package io.bootc4j.ostree.internal.gvariant;

import java.util.Objects;

/**
 * Already-serialized bytes of a value of {@code type}, written verbatim by {@link GvWriter}.
 * Only valid where the value starts at an offset aligned to 8 (the body of a {@code v}), which
 * makes its serialization position-independent.
 */
public final class RawValue {

    private final GvType type;
    private final byte[] data;

    public RawValue(GvType type, byte[] data) {
        this.type = Objects.requireNonNull(type, "type");
        this.data = data.clone();
    }

    public GvType type() {
        return type;
    }

    public byte[] data() {
        return data.clone();
    }

    byte[] dataUnsafe() {
        return data;
    }
}
