package io.bootc4j.ostree;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A repository's {@code summary} file (GVariant {@code (a(s(taya{sv}))a{sv})},
 * {@code OSTREE_SUMMARY_GVARIANT_STRING}): every local branch with its commit, commit size and
 * per-ref metadata, sorted by ref name ({@code strcmp}; clients binary-search it), plus global
 * metadata. Immutable. Its detached signatures live in {@code summary.sig}, an {@code a{sv}} with
 * the same keys as a {@code .commitmeta}, over the exact {@link #serialize()} bytes.
 */
public final class Summary {

    /** Per-ref key: commit timestamp, {@code t} stored big-endian. */
    public static final String COMMIT_TIMESTAMP = "ostree.commit.timestamp";
    /** Per-ref key: the commit's {@code version} metadata ({@code s}), written since ostree 2022.2. */
    public static final String COMMIT_VERSION = "ostree.commit.version";
    public static final String LAST_MODIFIED = "ostree.summary.last-modified";
    public static final String MODE = "ostree.summary.mode";
    public static final String TOMBSTONE_COMMITS = "ostree.summary.tombstone-commits";
    public static final String INDEXED_DELTAS = "ostree.summary.indexed-deltas";

    /**
     * One branch: name, commit, the size of the commit object in bytes (stored in host order,
     * unlike ostree's other integers) and its metadata.
     */
    public record Ref(String name, Checksum commit, long commitSize, Metadata metadata) {
        public Ref {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(commit, "commit");
            Objects.requireNonNull(metadata, "metadata");
            if (name.isEmpty() || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("summary ref name must be non-empty without NUL: \"" + name + "\"");
            }
        }

        /**
         * The entry ostree 2022.7 writes for {@code commit} on branch {@code name}: its version (if
         * the commit has one) and timestamp, in that order.
         */
        public static Ref of(String name, Commit commit) {
            Metadata.Builder m = Metadata.builder();
            commit.metadata().getString("version").ifPresent(v -> m.putString(COMMIT_VERSION, v));
            m.putU64BigEndian(COMMIT_TIMESTAMP, commit.timestamp());
            return new Ref(name, commit.checksum(), commit.serialize().length, m.build());
        }

        /** The commit timestamp recorded for this ref, in seconds. */
        public Optional<Long> timestamp() {
            return metadata.getU64BigEndian(COMMIT_TIMESTAMP);
        }
    }

    private final List<Ref> refs;
    private final Metadata metadata;

    private Summary(List<Ref> refs, Metadata metadata) {
        this.refs = refs;
        this.metadata = metadata;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The global metadata {@code ostree summary -u} writes (without deltas or collection id), in
     * its order: mode (the config string, e.g. {@code archive-z2}), last-modified (seconds, stored
     * big-endian), whether tombstone commits are kept, and {@code indexed-deltas = true}.
     */
    public static Metadata standardMetadata(String modeConfigString, long lastModifiedSeconds,
            boolean tombstoneCommits) {
        return Metadata.builder().putString(MODE, modeConfigString).putU64BigEndian(LAST_MODIFIED, lastModifiedSeconds)
                .putBoolean(TOMBSTONE_COMMITS, tombstoneCommits).putBoolean(INDEXED_DELTAS, true).build();
    }

    /** Refs sorted by name bytes. */
    public List<Ref> refs() {
        return refs;
    }

    public Optional<Ref> ref(String name) {
        return refs.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public Metadata metadata() {
        return metadata;
    }

    /** The {@code summary} file bytes. */
    public byte[] serialize() {
        List<Object> rs = new ArrayList<>(refs.size());
        for (Ref r : refs) {
            rs.add(List.of(r.name(), List.of(r.commitSize(), r.commit().bytesUnsafe(), MetadataCodec.toGv(r.metadata()))));
        }
        return ObjectCodec.encode(ObjectCodec.SUMMARY, List.of(rs, MetadataCodec.toGv(metadata)));
    }

    /** Parses a {@code summary} file; refs must be sorted and unique, checksums 32 bytes. */
    public static Summary parse(byte[] data) throws ObjectFormatException {
        List<?> t = (List<?>) ObjectCodec.decode(ObjectCodec.SUMMARY, data, "summary");
        List<Ref> refs = new ArrayList<>();
        String previous = null;
        for (Object o : (List<?>) t.get(0)) {
            List<?> entry = (List<?>) o;
            String name = (String) entry.get(0);
            if (name.isEmpty()) {
                throw new ObjectFormatException("summary: empty ref name");
            }
            if (previous != null && ObjectCodec.compareUtf8(previous, name) >= 0) {
                throw new ObjectFormatException("summary: ref \"" + name + "\" is not sorted after \"" + previous + "\"");
            }
            List<?> value = (List<?>) entry.get(1);
            refs.add(new Ref(name, ObjectCodec.checksumField((byte[]) value.get(1), "summary ref \"" + name + "\""),
                    (Long) value.get(0), MetadataCodec.fromGv(value.get(2))));
            previous = name;
        }
        return new Summary(Collections.unmodifiableList(refs), MetadataCodec.fromGv(t.get(1)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Summary s && refs.equals(s.refs) && metadata.equals(s.metadata);
    }

    @Override
    public int hashCode() {
        return refs.hashCode() * 31 + metadata.hashCode();
    }

    @Override
    public String toString() {
        return "Summary[" + refs.size() + " refs]";
    }

    /** Collects refs in any order; {@link #build()} sorts them. Not thread-safe. */
    public static final class Builder {
        private final List<Ref> refs = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private Metadata metadata = Metadata.EMPTY;

        private Builder() {}

        /** @throws IllegalArgumentException when a ref of that name was already added */
        public Builder addRef(Ref ref) {
            if (!names.add(ref.name())) {
                throw new IllegalArgumentException("summary ref \"" + ref.name() + "\" added twice");
            }
            refs.add(ref);
            return this;
        }

        public Builder addRef(String name, Commit commit) {
            return addRef(Ref.of(name, commit));
        }

        public Builder metadata(Metadata metadata) {
            this.metadata = Objects.requireNonNull(metadata, "metadata");
            return this;
        }

        public Summary build() {
            List<Ref> sorted = new ArrayList<>(refs);
            sorted.sort((a, b) -> ObjectCodec.compareUtf8(a.name(), b.name()));
            return new Summary(List.copyOf(sorted), metadata);
        }
    }
}
