package io.bootc4j.ostree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A commit object ({@code .commit}, GVariant {@code (a{sv}aya(say)sstayay)}): metadata, parent
 * (absent for a root commit), related objects (ostree always writes none), subject, body,
 * timestamp (seconds since the epoch, stored big-endian), root dirtree and root dirmeta.
 * Immutable. Signatures over a commit cover exactly {@link #serialize()}.
 */
public final class Commit {

    /** An entry of the related-objects list {@code a(say)}. */
    public record Related(String name, Checksum checksum) {
        public Related {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(checksum, "checksum");
        }
    }

    private final Metadata metadata;
    private final Checksum parent;
    private final List<Related> related;
    private final String subject;
    private final String body;
    private final long timestamp;
    private final Checksum rootTree;
    private final Checksum rootMeta;
    private volatile byte[] serialized;

    private Commit(Builder b) {
        this.metadata = b.metadata;
        this.parent = b.parent;
        this.related = List.copyOf(b.related);
        this.subject = b.subject;
        this.body = b.body;
        this.timestamp = b.timestamp;
        this.rootTree = Objects.requireNonNull(b.rootTree, "rootTree");
        this.rootMeta = Objects.requireNonNull(b.rootMeta, "rootMeta");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this commit's fields, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder().metadata(metadata).parent(parent).subject(subject).body(body)
                .timestamp(timestamp).rootTree(rootTree).rootMeta(rootMeta);
        b.related.addAll(related);
        return b;
    }

    public Metadata metadata() {
        return metadata;
    }

    public Optional<Checksum> parent() {
        return Optional.ofNullable(parent);
    }

    public List<Related> related() {
        return related;
    }

    public String subject() {
        return subject;
    }

    public String body() {
        return body;
    }

    /** Seconds since the epoch (UTC), as {@code ostree show} prints as the date. */
    public long timestamp() {
        return timestamp;
    }

    public Checksum rootTree() {
        return rootTree;
    }

    public Checksum rootMeta() {
        return rootMeta;
    }

    /**
     * {@code sha256(rootTree ‖ rootMeta)}: the "content checksum" {@code ostree show} prints
     * ({@code ostree_commit_get_content_checksum}).
     */
    public Checksum contentChecksum() {
        byte[] both = Arrays.copyOf(rootTree.bytesUnsafe(), 64);
        System.arraycopy(rootMeta.bytesUnsafe(), 0, both, 32, 32);
        return Checksum.sha256(both);
    }

    /** The object bytes (also what {@code ostree.gpgsigs} / {@code ostree.sign.ed25519} sign). */
    public byte[] serialize() {
        return serializedUnsafe().clone();
    }

    private byte[] serializedUnsafe() {
        byte[] s = serialized;
        if (s == null) {
            List<Object> rel = new ArrayList<>(related.size());
            for (Related r : related) {
                rel.add(List.of(r.name(), r.checksum().bytesUnsafe()));
            }
            s = ObjectCodec.encode(ObjectCodec.COMMIT, List.of(MetadataCodec.toGv(metadata),
                    parent == null ? new byte[0] : parent.bytesUnsafe(), rel, subject, body,
                    Long.reverseBytes(timestamp), rootTree.bytesUnsafe(), rootMeta.bytesUnsafe()));
            serialized = s;
        }
        return s;
    }

    /** SHA-256 of {@link #serialize()}: the commit's name. */
    public Checksum checksum() {
        return Checksum.sha256(serializedUnsafe());
    }

    /** Parses a {@code .commit} object; the parent must be empty or 32 bytes, the roots 32 bytes. */
    public static Commit parse(byte[] data) throws ObjectFormatException {
        List<?> t = (List<?>) ObjectCodec.decode(ObjectCodec.COMMIT, data, "commit");
        Builder b = builder().metadata(MetadataCodec.fromGv(t.get(0)));
        byte[] parent = (byte[]) t.get(1);
        if (parent.length != 0) {
            b.parent(ObjectCodec.checksumField(parent, "commit parent"));
        }
        for (Object o : (List<?>) t.get(2)) {
            List<?> r = (List<?>) o;
            b.addRelated((String) r.get(0), ObjectCodec.checksumField((byte[]) r.get(1), "commit related object"));
        }
        Commit c = b.subject((String) t.get(3)).body((String) t.get(4))
                .timestamp(Long.reverseBytes((Long) t.get(5)))
                .rootTree(ObjectCodec.checksumField((byte[]) t.get(6), "commit root dirtree"))
                .rootMeta(ObjectCodec.checksumField((byte[]) t.get(7), "commit root dirmeta"))
                .build();
        c.serialized = data.clone();
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Commit c && Arrays.equals(serializedUnsafe(), c.serializedUnsafe());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(serializedUnsafe());
    }

    @Override
    public String toString() {
        return "Commit[" + checksum() + " \"" + subject + "\"]";
    }

    /** Collects commit fields; root tree and meta are required. Not thread-safe. */
    public static final class Builder {
        private Metadata metadata = Metadata.EMPTY;
        private Checksum parent;
        private final List<Related> related = new ArrayList<>();
        private String subject = "";
        private String body = "";
        private long timestamp;
        private Checksum rootTree;
        private Checksum rootMeta;

        private Builder() {}

        public Builder metadata(Metadata metadata) {
            this.metadata = Objects.requireNonNull(metadata, "metadata");
            return this;
        }

        /** The parent commit, or null for none. */
        public Builder parent(Checksum parent) {
            this.parent = parent;
            return this;
        }

        public Builder addRelated(String name, Checksum checksum) {
            related.add(new Related(name, checksum));
            return this;
        }

        public Builder subject(String subject) {
            this.subject = noNul(subject, "subject");
            return this;
        }

        public Builder body(String body) {
            this.body = noNul(body, "body");
            return this;
        }

        /** Seconds since the epoch. */
        public Builder timestamp(long timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder rootTree(Checksum rootTree) {
            this.rootTree = rootTree;
            return this;
        }

        public Builder rootMeta(Checksum rootMeta) {
            this.rootMeta = rootMeta;
            return this;
        }

        private static String noNul(String s, String what) {
            Objects.requireNonNull(s, what);
            if (s.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("commit " + what + " contains NUL");
            }
            return s;
        }

        /** @throws NullPointerException when the root tree or meta is missing */
        public Commit build() {
            return new Commit(this);
        }
    }
}
