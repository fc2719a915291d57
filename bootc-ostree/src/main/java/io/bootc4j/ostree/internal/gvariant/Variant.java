package io.bootc4j.ostree.internal.gvariant;

import java.util.Objects;

/**
 * A GVariant {@code v} value: a type and a value of that type in the representation described on
 * {@link GVariant}.
 */
public record Variant(GvType type, Object value) {
    public Variant {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }
}
