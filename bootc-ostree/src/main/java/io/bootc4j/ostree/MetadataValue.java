package io.bootc4j.ostree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One value of a {@link Metadata} dictionary ({@code a{sv}}): the types ostree and its users
 * put into commit, detached and summary metadata, plus {@link Raw} for any other GVariant type so
 * that unknown values survive a parse/serialize round trip byte for byte.
 *
 * <p>Integers keep GVariant's native (little-endian) interpretation in {@code value()}; ostree's
 * own keys such as {@code ostree.commit.timestamp} are stored big-endian, read them with
 * {@code bigEndianValue()} and write them with {@code U64.bigEndian(…)}.
 */
public sealed interface MetadataValue {

    /** The GVariant type string of this value, e.g. {@code "s"}, {@code "as"}, {@code "a{sv}"}. */
    String typeString();

    /** {@code s}. */
    record Text(String value) implements MetadataValue {
        public Text {
            Objects.requireNonNull(value, "value");
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("metadata string contains NUL: \"" + value + "\"");
            }
        }

        @Override
        public String typeString() {
            return "s";
        }
    }

    /** {@code b}. */
    record Bool(boolean value) implements MetadataValue {
        @Override
        public String typeString() {
            return "b";
        }
    }

    /** {@code u}, {@code value} as GVariant stores it (little-endian on disk). */
    record U32(int value) implements MetadataValue {
        /** A value that ostree byte-swaps ({@code GUINT32_TO_BE}) before storing. */
        public static U32 bigEndian(int value) {
            return new U32(Integer.reverseBytes(value));
        }

        public int bigEndianValue() {
            return Integer.reverseBytes(value);
        }

        @Override
        public String typeString() {
            return "u";
        }
    }

    /** {@code t}, {@code value} as GVariant stores it (little-endian on disk). */
    record U64(long value) implements MetadataValue {
        /** A value that ostree byte-swaps ({@code GUINT64_TO_BE}) before storing, e.g. timestamps. */
        public static U64 bigEndian(long value) {
            return new U64(Long.reverseBytes(value));
        }

        public long bigEndianValue() {
            return Long.reverseBytes(value);
        }

        @Override
        public String typeString() {
            return "t";
        }
    }

    /** {@code ay}. */
    final class Bytes implements MetadataValue {
        private final byte[] value;

        public Bytes(byte[] value) {
            this.value = value.clone();
        }

        public byte[] value() {
            return value.clone();
        }

        byte[] valueUnsafe() {
            return value;
        }

        @Override
        public String typeString() {
            return "ay";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bytes[" + value.length + "]";
        }
    }

    /** {@code as}, e.g. {@code ostree.ref-binding}. */
    record Strings(List<String> value) implements MetadataValue {
        public Strings {
            value = List.copyOf(value);
            for (String s : value) {
                if (s.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("metadata string contains NUL: \"" + s + "\"");
                }
            }
        }

        @Override
        public String typeString() {
            return "as";
        }
    }

    /** {@code aay}, e.g. {@code ostree.gpgsigs}, {@code ostree.sign.ed25519}, {@code ostree.sizes}. */
    final class ByteStrings implements MetadataValue {
        private final List<byte[]> value;

        public ByteStrings(List<byte[]> value) {
            List<byte[]> copy = new ArrayList<>(value.size());
            for (byte[] b : value) {
                copy.add(b.clone());
            }
            this.value = copy;
        }

        /** Copies of the elements. */
        public List<byte[]> value() {
            List<byte[]> copy = new ArrayList<>(value.size());
            for (byte[] b : value) {
                copy.add(b.clone());
            }
            return copy;
        }

        public int size() {
            return value.size();
        }

        List<byte[]> valueUnsafe() {
            return value;
        }

        @Override
        public String typeString() {
            return "aay";
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof ByteStrings b) || b.value.size() != value.size()) {
                return false;
            }
            for (int i = 0; i < value.size(); i++) {
                if (!Arrays.equals(value.get(i), b.value.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (byte[] b : value) {
                h = h * 31 + Arrays.hashCode(b);
            }
            return h;
        }

        @Override
        public String toString() {
            return "ByteStrings[" + value.size() + "]";
        }
    }

    /** {@code a{sv}}, a nested dictionary. */
    record Dict(Metadata value) implements MetadataValue {
        public Dict {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String typeString() {
            return "a{sv}";
        }
    }

    /**
     * A value of any other type, kept as its serialized GVariant bytes (as they appear inside the
     * {@code v}, which starts 8-aligned, so they do not depend on position).
     */
    final class Raw implements MetadataValue {
        private final String typeString;
        private final byte[] data;

        /**
         * @throws IllegalArgumentException when {@code typeString} is not a single definite
         *     GVariant type or {@code data} is not a normal-form value of it
         */
        public Raw(String typeString, byte[] data) {
            this.typeString = Objects.requireNonNull(typeString, "typeString");
            this.data = data.clone();
            MetadataCodec.checkRaw(typeString, this.data);
        }

        @Override
        public String typeString() {
            return typeString;
        }

        public byte[] data() {
            return data.clone();
        }

        byte[] dataUnsafe() {
            return data;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Raw r && typeString.equals(r.typeString) && Arrays.equals(data, r.data);
        }

        @Override
        public int hashCode() {
            return typeString.hashCode() * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Raw[" + typeString + ", " + data.length + " bytes]";
        }
    }
}
