package io.bootc4j.ostree;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable GVariant {@code a{sv}} dictionary: commit metadata, detached metadata
 * ({@code .commitmeta}), summary metadata.
 *
 * <p>Order matters and is kept: GVariant does not sort dictionaries, and ostree writes commit
 * metadata in insertion order (the CLI adds {@code --add-metadata-string} values, then
 * {@code --add-metadata}, then {@code ostree.ref-binding}, then {@code ostree.collection-binding}),
 * so the commit checksum depends on it. {@link #parse} keeps the stored order, including
 * duplicate keys (which GVariant allows); lookups return the first match, like
 * {@code g_variant_lookup_value}.
 */
public final class Metadata {

    /** The empty dictionary (serialized as zero bytes). */
    public static final Metadata EMPTY = new Metadata(List.of());

    /** One key and its value. */
    public record Entry(String key, MetadataValue value) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("metadata key contains NUL: \"" + key + "\"");
            }
        }
    }

    private final List<Entry> entries;

    private Metadata(List<Entry> entries) {
        this.entries = entries;
    }

    static Metadata ofEntries(List<Entry> entries) {
        return entries.isEmpty() ? EMPTY : new Metadata(Collections.unmodifiableList(new ArrayList<>(entries)));
    }

    public static Builder builder() {
        return new Builder(List.of());
    }

    /** A builder starting with these entries, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder(entries);
    }

    /** The entries in serialization order. */
    public List<Entry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public boolean containsKey(String key) {
        return get(key).isPresent();
    }

    /** The value of the first entry with {@code key}. */
    public Optional<MetadataValue> get(String key) {
        for (Entry e : entries) {
            if (e.key().equals(key)) {
                return Optional.of(e.value());
            }
        }
        return Optional.empty();
    }

    /** The {@code s} value of {@code key}; empty when absent or of another type. */
    public Optional<String> getString(String key) {
        return get(key).filter(MetadataValue.Text.class::isInstance).map(v -> ((MetadataValue.Text) v).value());
    }

    /** The {@code b} value of {@code key}; empty when absent or of another type. */
    public Optional<Boolean> getBoolean(String key) {
        return get(key).filter(MetadataValue.Bool.class::isInstance).map(v -> ((MetadataValue.Bool) v).value());
    }

    /** The {@code as} value of {@code key}; empty when absent or of another type. */
    public Optional<List<String>> getStrings(String key) {
        return get(key).filter(MetadataValue.Strings.class::isInstance)
                .map(v -> ((MetadataValue.Strings) v).value());
    }

    /** The {@code ay} value of {@code key} (copied); empty when absent or of another type. */
    public Optional<byte[]> getBytes(String key) {
        return get(key).filter(MetadataValue.Bytes.class::isInstance).map(v -> ((MetadataValue.Bytes) v).value());
    }

    /** The {@code aay} value of {@code key} (copied); empty when absent or of another type. */
    public Optional<List<byte[]>> getByteStrings(String key) {
        return get(key).filter(MetadataValue.ByteStrings.class::isInstance)
                .map(v -> ((MetadataValue.ByteStrings) v).value());
    }

    /** A {@code t} value stored big-endian by ostree (timestamps); empty when absent or of another type. */
    public Optional<Long> getU64BigEndian(String key) {
        return get(key).filter(MetadataValue.U64.class::isInstance)
                .map(v -> ((MetadataValue.U64) v).bigEndianValue());
    }

    /** The nested {@code a{sv}} of {@code key}; empty when absent or of another type. */
    public Optional<Metadata> getDict(String key) {
        return get(key).filter(MetadataValue.Dict.class::isInstance).map(v -> ((MetadataValue.Dict) v).value());
    }

    /** The serialized {@code a{sv}} in GVariant normal form (a {@code .commitmeta} file's bytes). */
    public byte[] serialize() {
        return ObjectCodec.encode(ObjectCodec.VARDICT, MetadataCodec.toGv(this));
    }

    /** Parses a serialized {@code a{sv}}. */
    public static Metadata parse(byte[] data) throws ObjectFormatException {
        return MetadataCodec.fromGv(ObjectCodec.decode(ObjectCodec.VARDICT, data, "metadata a{sv}"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Metadata m && entries.equals(m.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "Metadata" + entries;
    }

    /**
     * Collects entries in insertion order. {@code put} replaces the value of an existing key in
     * place (keeping its position) and appends a new key at the end. Not thread-safe.
     */
    public static final class Builder {
        private final List<Entry> entries;

        private Builder(List<Entry> initial) {
            this.entries = new ArrayList<>(initial);
        }

        /**
         * @throws IllegalArgumentException on an empty key (ostree refuses them in commits)
         */
        public Builder put(String key, MetadataValue value) {
            Entry entry = new Entry(key, value);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("metadata key must not be empty");
            }
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).key().equals(key)) {
                    entries.set(i, entry);
                    return this;
                }
            }
            entries.add(entry);
            return this;
        }

        public Builder putString(String key, String value) {
            return put(key, new MetadataValue.Text(value));
        }

        public Builder putBoolean(String key, boolean value) {
            return put(key, new MetadataValue.Bool(value));
        }

        /** A {@code u} stored little-endian, as {@code --add-metadata=KEY=uint32 N} does. */
        public Builder putU32(String key, int value) {
            return put(key, new MetadataValue.U32(value));
        }

        /** A {@code t} stored little-endian, as {@code --add-metadata=KEY=uint64 N} does. */
        public Builder putU64(String key, long value) {
            return put(key, new MetadataValue.U64(value));
        }

        /** A {@code t} stored big-endian, as ostree stores its own timestamps. */
        public Builder putU64BigEndian(String key, long value) {
            return put(key, MetadataValue.U64.bigEndian(value));
        }

        public Builder putBytes(String key, byte[] value) {
            return put(key, new MetadataValue.Bytes(value));
        }

        public Builder putStrings(String key, List<String> value) {
            return put(key, new MetadataValue.Strings(value));
        }

        public Builder putByteStrings(String key, List<byte[]> value) {
            return put(key, new MetadataValue.ByteStrings(value));
        }

        public Builder putDict(String key, Metadata value) {
            return put(key, new MetadataValue.Dict(value));
        }

        /**
         * Appends {@code element} to the {@code aay} array at {@code key} (creating it), as ostree
         * appends a new signature to {@code ostree.gpgsigs} / {@code ostree.sign.ed25519}.
         *
         * @throws IllegalArgumentException when {@code key} holds a value of another type
         */
        public Builder appendByteString(String key, byte[] element) {
            List<byte[]> list = new ArrayList<>();
            for (Entry e : entries) {
                if (e.key().equals(key)) {
                    if (!(e.value() instanceof MetadataValue.ByteStrings b)) {
                        throw new IllegalArgumentException("metadata key \"" + key + "\" holds "
                                + e.value().typeString() + ", not aay");
                    }
                    list.addAll(b.valueUnsafe());
                    break;
                }
            }
            list.add(element);
            return putByteStrings(key, list);
        }

        /** Removes every entry with {@code key}. */
        public Builder remove(String key) {
            entries.removeIf(e -> e.key().equals(key));
            return this;
        }

        public Metadata build() {
            return ofEntries(entries);
        }
    }
}
