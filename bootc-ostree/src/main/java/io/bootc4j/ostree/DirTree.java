package io.bootc4j.ostree;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A directory listing object ({@code .dirtree}, GVariant {@code (a(say)a(sayay))}): files with
 * their content checksums and subdirectories with their dirtree and dirmeta checksums, each list
 * sorted by name bytes ({@code strcmp}, as {@code create_tree_variant_from_hashes} does).
 * Immutable. Every name is validated like {@code ot_util_filename_validate}: a dirtree can never
 * hold {@code ""}, {@code .}, {@code ..}, a name with {@code /} or NUL, or the same name twice.
 */
public final class DirTree {

    /** The empty directory listing: the single byte {@code 00}. */
    public static final DirTree EMPTY = new DirTree(List.of(), List.of());

    /** A regular file or symlink entry. */
    public record File(String name, Checksum content) {
        public File {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(content, "content");
        }
    }

    /** A subdirectory entry. */
    public record Dir(String name, Checksum tree, Checksum meta) {
        public Dir {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(tree, "tree");
            Objects.requireNonNull(meta, "meta");
        }
    }

    private final List<File> files;
    private final List<Dir> dirs;
    private volatile byte[] serialized;

    private DirTree(List<File> files, List<Dir> dirs) {
        this.files = files;
        this.dirs = dirs;
    }

    /**
     * A dirtree of these entries, sorted.
     *
     * @throws UnsafeNameException when a name is unsafe or used twice (files and dirs share one namespace)
     */
    public static DirTree of(List<File> files, List<Dir> dirs) throws UnsafeNameException {
        Builder b = builder();
        for (File f : files) {
            b.addFile(f.name(), f.content());
        }
        for (Dir d : dirs) {
            b.addDir(d.name(), d.tree(), d.meta());
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** File entries, sorted by name bytes. */
    public List<File> files() {
        return files;
    }

    /** Directory entries, sorted by name bytes. */
    public List<Dir> dirs() {
        return dirs;
    }

    public boolean isEmpty() {
        return files.isEmpty() && dirs.isEmpty();
    }

    /** The serialized object bytes. */
    public byte[] serialize() {
        return serializedUnsafe().clone();
    }

    private byte[] serializedUnsafe() {
        byte[] s = serialized;
        if (s == null) {
            List<Object> fs = new ArrayList<>(files.size());
            for (File f : files) {
                fs.add(List.of(f.name(), f.content().bytesUnsafe()));
            }
            List<Object> ds = new ArrayList<>(dirs.size());
            for (Dir d : dirs) {
                ds.add(List.of(d.name(), d.tree().bytesUnsafe(), d.meta().bytesUnsafe()));
            }
            s = ObjectCodec.encode(ObjectCodec.DIRTREE, List.of(fs, ds));
            serialized = s;
        }
        return s;
    }

    /** SHA-256 of {@link #serialize()}: the object's name. */
    public Checksum checksum() {
        return Checksum.sha256(serializedUnsafe());
    }

    /**
     * Parses a {@code .dirtree} object, rejecting malformed GVariant, checksums that are not 32
     * bytes, unsafe names ({@link UnsafeNameException}), and unsorted or duplicate entries.
     */
    public static DirTree parse(byte[] data) throws ObjectFormatException {
        DirTree tree = DirTreeReader.read(data);
        return tree != null ? tree : parseGeneric(data);
    }

    /** A tree {@link DirTreeReader} read from {@code data}, whose entries are checked and sorted. */
    static DirTree ofRead(List<File> files, List<Dir> dirs, byte[] data) {
        DirTree tree = new DirTree(files, dirs);
        tree.serialized = data.clone();
        return tree;
    }

    /**
     * {@link #parse} through the generic GVariant codec, which names what is wrong with a
     * malformed object; {@link DirTreeReader} reads the well-formed ones without it.
     */
    static DirTree parseGeneric(byte[] data) throws ObjectFormatException {
        List<?> t = (List<?>) ObjectCodec.decode(ObjectCodec.DIRTREE, data, "dirtree");
        // the object's checksum names it in errors; computed only when there is one to report
        Supplier<String> context = () -> "dirtree " + Checksum.sha256(data);
        List<?> fs = (List<?>) t.get(0);
        List<?> ds = (List<?>) t.get(1);
        List<File> files = new ArrayList<>(fs.size());
        List<Dir> dirs = new ArrayList<>(ds.size());
        Set<String> names = new HashSet<>();
        byte[] previous = null;
        for (Object o : fs) {
            List<?> e = (List<?>) o;
            String name = (String) e.get(0);
            previous = checkParsedName(context, name, previous, names);
            files.add(new File(name, checksumField((byte[]) e.get(1), context, " file \"" + name + "\"")));
        }
        previous = null;
        for (Object o : ds) {
            List<?> e = (List<?>) o;
            String name = (String) e.get(0);
            previous = checkParsedName(context, name, previous, names);
            dirs.add(new Dir(name, checksumField((byte[]) e.get(1), context, " dir \"" + name + "\" tree"),
                    checksumField((byte[]) e.get(2), context, " dir \"" + name + "\" meta")));
        }
        DirTree tree = new DirTree(Collections.unmodifiableList(files), Collections.unmodifiableList(dirs));
        tree.serialized = data.clone();
        return tree;
    }

    private static Checksum checksumField(byte[] raw, Supplier<String> context, String what)
            throws ObjectFormatException {
        if (raw.length != Checksum.LENGTH) {
            throw new ObjectFormatException(context.get() + what + " has " + raw.length
                    + " bytes, a checksum needs 32");
        }
        return Checksum.fromBytes(raw);
    }

    private static byte[] checkParsedName(Supplier<String> context, String name, byte[] previous,
            Set<String> names) throws ObjectFormatException {
        String reason = unsafeReason(name);
        if (reason != null) {
            throw new UnsafeNameException(context.get(), name, reason);
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (!names.add(name)) {
            throw new UnsafeNameException(context.get(), name, "appears more than once");
        }
        if (previous != null && Arrays.compareUnsigned(previous, bytes) >= 0) {
            throw new ObjectFormatException(context.get() + ": entry \"" + name + "\" is not sorted after \""
                    + new String(previous, StandardCharsets.UTF_8) + "\"");
        }
        return bytes;
    }

    /**
     * Checks one path component the way ostree does before it lets a name into a dirtree.
     *
     * @throws UnsafeNameException naming {@code name} when it is empty, {@code .}, {@code ..},
     *     contains {@code /} or NUL, or is not valid Unicode (unpaired surrogates)
     */
    public static void validateName(String name) throws UnsafeNameException {
        String reason = unsafeReason(name);
        if (reason != null) {
            throw new UnsafeNameException(name, reason);
        }
    }

    private static String unsafeReason(String name) {
        String reason = null;
        if (name.isEmpty()) {
            reason = "is empty";
        } else if (name.equals(".") || name.equals("..")) {
            reason = "is a self or parent reference";
        } else if (name.indexOf('/') >= 0) {
            reason = "contains '/'";
        } else if (name.indexOf('\0') >= 0) {
            reason = "contains NUL";
        } else if (!encodable(name)) {
            reason = "is not valid UTF-8";
        }
        return reason;
    }

    private static boolean encodable(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (Character.isSurrogate(name.charAt(i))) {
                try {
                    StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(name));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirTree other && files.equals(other.files) && dirs.equals(other.dirs);
    }

    @Override
    public int hashCode() {
        return files.hashCode() * 31 + dirs.hashCode();
    }

    @Override
    public String toString() {
        return "DirTree[" + files.size() + " files, " + dirs.size() + " dirs]";
    }

    /** Collects entries in any order; {@link #build()} sorts them. Not thread-safe. */
    public static final class Builder {
        private final List<File> files = new ArrayList<>();
        private final List<Dir> dirs = new ArrayList<>();
        private final Set<String> names = new HashSet<>();

        private Builder() {}

        /** @throws UnsafeNameException when {@code name} is unsafe or already added */
        public Builder addFile(String name, Checksum content) throws UnsafeNameException {
            claim(name);
            files.add(new File(name, content));
            return this;
        }

        /** @throws UnsafeNameException when {@code name} is unsafe or already added */
        public Builder addDir(String name, Checksum tree, Checksum meta) throws UnsafeNameException {
            claim(name);
            dirs.add(new Dir(name, tree, meta));
            return this;
        }

        private void claim(String name) throws UnsafeNameException {
            validateName(name);
            if (!names.add(name)) {
                throw new UnsafeNameException(name, "appears more than once in the directory");
            }
        }

        public DirTree build() {
            return new DirTree(sortedByNameBytes(files, File::name), sortedByNameBytes(dirs, Dir::name));
        }

        private static <T> List<T> sortedByNameBytes(List<T> entries, Function<T, String> name) {
            List<Map.Entry<byte[], T>> keyed = new ArrayList<>(entries.size());
            for (T e : entries) {
                keyed.add(Map.entry(name.apply(e).getBytes(StandardCharsets.UTF_8), e));
            }
            keyed.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
            List<T> out = new ArrayList<>(keyed.size());
            for (Map.Entry<byte[], T> e : keyed) {
                out.add(e.getValue());
            }
            return List.copyOf(out);
        }
    }
}
