package io.bootc4j.ostree;

import io.bootc4j.ostree.internal.gvariant.GVariant;
import io.bootc4j.ostree.internal.gvariant.GVariantFormatException;
import io.bootc4j.ostree.internal.gvariant.GvType;
import io.bootc4j.ostree.internal.gvariant.RawValue;
import io.bootc4j.ostree.internal.gvariant.Variant;
import java.util.ArrayList;
import java.util.List;

/** Maps {@link Metadata} to and from the codec's {@code a{sv}} representation. */
final class MetadataCodec {

    private static final GvType S = GvType.of("s");
    private static final GvType B = GvType.of("b");
    private static final GvType U = GvType.of("u");
    private static final GvType T = GvType.of("t");
    private static final GvType AY = GvType.of("ay");
    private static final GvType AS = GvType.of("as");
    private static final GvType AAY = GvType.of("aay");

    private MetadataCodec() {}

    static void checkRaw(String typeString, byte[] data) {
        GvType type = GvType.of(typeString);
        try {
            GVariant.deserialize(type, data);
        } catch (GVariantFormatException e) {
            throw new IllegalArgumentException("raw metadata value is not a normal-form " + typeString + ": "
                    + e.getMessage(), e);
        }
    }

    static List<Object> toGv(Metadata m) {
        List<Object> out = new ArrayList<>(m.size());
        for (Metadata.Entry e : m.entries()) {
            out.add(List.of(e.key(), variant(e.value())));
        }
        return out;
    }

    private static Variant variant(MetadataValue v) {
        if (v instanceof MetadataValue.Text t) {
            return new Variant(S, t.value());
        } else if (v instanceof MetadataValue.Bool b) {
            return new Variant(B, b.value());
        } else if (v instanceof MetadataValue.U32 u) {
            return new Variant(U, u.value());
        } else if (v instanceof MetadataValue.U64 u) {
            return new Variant(T, u.value());
        } else if (v instanceof MetadataValue.Bytes b) {
            return new Variant(AY, b.valueUnsafe());
        } else if (v instanceof MetadataValue.Strings s) {
            return new Variant(AS, s.value());
        } else if (v instanceof MetadataValue.ByteStrings b) {
            return new Variant(AAY, List.copyOf(b.valueUnsafe()));
        } else if (v instanceof MetadataValue.Dict d) {
            return new Variant(ObjectCodec.VARDICT, toGv(d.value()));
        } else {
            MetadataValue.Raw r = (MetadataValue.Raw) v;
            GvType type = GvType.of(r.typeString());
            return new Variant(type, new RawValue(type, r.dataUnsafe()));
        }
    }

    static Metadata fromGv(Object gv) {
        List<?> entries = (List<?>) gv;
        List<Metadata.Entry> out = new ArrayList<>(entries.size());
        for (Object o : entries) {
            List<?> pair = (List<?>) o;
            out.add(new Metadata.Entry((String) pair.get(0), value((Variant) pair.get(1))));
        }
        return Metadata.ofEntries(out);
    }

    @SuppressWarnings("unchecked")
    private static MetadataValue value(Variant v) {
        Object x = v.value();
        return switch (v.type().signature()) {
            case "s" -> new MetadataValue.Text((String) x);
            case "b" -> new MetadataValue.Bool((Boolean) x);
            case "u" -> new MetadataValue.U32((Integer) x);
            case "t" -> new MetadataValue.U64((Long) x);
            case "ay" -> new MetadataValue.Bytes((byte[]) x);
            case "as" -> new MetadataValue.Strings((List<String>) x);
            case "aay" -> new MetadataValue.ByteStrings((List<byte[]>) x);
            case "a{sv}" -> new MetadataValue.Dict(fromGv(x));
            default -> new MetadataValue.Raw(v.type().signature(), GVariant.serialize(v.type(), x));
        };
    }
}
