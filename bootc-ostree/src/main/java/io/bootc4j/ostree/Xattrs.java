package io.bootc4j.ostree;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Extended attributes as ostree records them ({@code a(ayay)}): names without their trailing NUL
 * in this API, values as raw bytes. Immutable.
 *
 * <p>{@link #of} sorts by name bytes (libglnx {@code canonicalize_xattrs}, C {@code strcmp}).
 * {@link #parse} keeps the stored order, because ostree 2022.7 can write an unsorted list (the
 * SELinux-policy path appends {@code security.selinux}) and content checksums hash the list as
 * stored.
 */
public final class Xattrs {

    /** No extended attributes: the empty array. */
    public static final Xattrs EMPTY = new Xattrs(List.of());

    private final List<Xattr> entries;

    private Xattrs(List<Xattr> entries) {
        this.entries = entries;
    }

    /**
     * Sorted xattrs from a map of name to value (values copied). Empty values are kept; ostree
     * drops them when it reads a file from disk ({@link #ofFilesystem}).
     *
     * @throws IllegalArgumentException on an empty name or one containing NUL
     */
    public static Xattrs of(Map<String, byte[]> map) {
        List<Xattr> list = new ArrayList<>(map.size());
        map.forEach((k, v) -> list.add(new Xattr(k, v)));
        list.sort(Comparator.comparing(x -> x.nameBytes, Arrays::compareUnsigned));
        return new Xattrs(List.copyOf(list));
    }

    /**
     * Sorted xattrs as ostree records a file's attributes read from disk: zero-length values are
     * skipped (libglnx {@code read_xattr_name_array}).
     */
    public static Xattrs ofFilesystem(Map<String, byte[]> map) {
        List<Xattr> list = new ArrayList<>(map.size());
        map.forEach((k, v) -> {
            if (v.length > 0) {
                list.add(new Xattr(k, v));
            }
        });
        list.sort(Comparator.comparing(x -> x.nameBytes, Arrays::compareUnsigned));
        return new Xattrs(List.copyOf(list));
    }

    /** The entries, in serialization order. */
    public List<Xattr> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The value of the first attribute named {@code name} (copied). */
    public Optional<byte[]> get(String name) {
        for (Xattr x : entries) {
            if (x.name.equals(name)) {
                return Optional.of(x.value());
            }
        }
        return Optional.empty();
    }

    /** The serialized {@code a(ayay)}, names NUL-terminated as ostree writes them. */
    public byte[] serialize() {
        return ObjectCodec.encode(ObjectCodec.XATTRS, toGv());
    }

    /** Parses a serialized {@code a(ayay)} (e.g. a {@code .file-xattrs} object). */
    public static Xattrs parse(byte[] data) throws ObjectFormatException {
        return fromGv(ObjectCodec.decode(ObjectCodec.XATTRS, data, "xattrs"));
    }

    List<Object> toGv() {
        List<Object> list = new ArrayList<>(entries.size());
        for (Xattr x : entries) {
            byte[] name = Arrays.copyOf(x.nameBytes, x.nameBytes.length + 1);
            list.add(List.of(name, x.value));
        }
        return list;
    }

    static Xattrs fromGv(Object gv) throws ObjectFormatException {
        List<?> list = (List<?>) gv;
        if (list.isEmpty()) {
            return EMPTY;
        }
        List<Xattr> out = new ArrayList<>(list.size());
        for (Object o : list) {
            List<?> pair = (List<?>) o;
            byte[] name = (byte[]) pair.get(0);
            if (name.length < 2 || name[name.length - 1] != 0) {
                throw new ObjectFormatException("xattr name of " + name.length + " bytes is not a NUL-terminated"
                        + " non-empty string");
            }
            for (int i = 0; i < name.length - 1; i++) {
                if (name[i] == 0) {
                    throw new ObjectFormatException("xattr name contains NUL at " + i);
                }
            }
            String text = ObjectCodec.strictUtf8(name, 0, name.length - 1, "xattr name");
            out.add(new Xattr(text, (byte[]) pair.get(1)));
        }
        return new Xattrs(Collections.unmodifiableList(out));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Xattrs other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Xattrs[");
        for (int i = 0; i < entries.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(entries.get(i));
        }
        return sb.append(']').toString();
    }

    /** One extended attribute: a name (without NUL) and its value bytes. */
    public static final class Xattr {
        private final String name;
        private final byte[] nameBytes;
        private final byte[] value;

        /**
         * @throws IllegalArgumentException on an empty name or one containing NUL
         */
        public Xattr(String name, byte[] value) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("xattr name must be non-empty without NUL: \"" + name + "\"");
            }
            this.name = name;
            this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
            this.value = value.clone();
        }

        public String name() {
            return name;
        }

        /** A copy of the value bytes. */
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Xattr other && name.equals(other.name) && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return name + "=" + value.length + " bytes";
        }
    }
}
