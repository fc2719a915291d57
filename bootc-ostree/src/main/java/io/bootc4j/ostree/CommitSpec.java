package io.bootc4j.ostree;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link RepoTransaction#commit} should commit: a tree source (a directory, or a tar stream
 * whose entries go straight into the object store without touching a scratch directory), the
 * commit fields and the modifiers of {@code ostree commit}. Immutable; built with
 * {@link #fromDirectory} or {@link #fromTar}.
 *
 * <p>Metadata key order matters (it is part of the commit checksum). It follows ostree's CLI:
 * {@code --add-metadata-string} values, then {@link Builder#metadata} entries, then
 * {@code ostree.ref-binding}; with {@link Builder#bootable} the dictionary is re-emitted in the
 * order GLib's hash table iterates it, as {@code ostree commit --bootable} does.
 */
public final class CommitSpec {

    /** Where the tree comes from. */
    public sealed interface Source permits DirectorySource, TarSource {}

    /** A directory on disk, read with {@code lstat} and xattrs. */
    public record DirectorySource(Path directory) implements Source {
        public DirectorySource {
            Objects.requireNonNull(directory, "directory");
        }
    }

    /** A tar stream (owned by the caller, read to its end, not closed). */
    public record TarSource(InputStream tar) implements Source {
        public TarSource {
            Objects.requireNonNull(tar, "tar");
        }
    }

    private final Source source;
    private final String subject;
    private final String body;
    private final Instant timestamp;
    private final Checksum parent;
    private final Map<String, String> metadataStrings;
    private final List<String> metadataStringOrder;
    private final Metadata metadata;
    private final List<String> refBindings;
    private final boolean canonicalPermissions;
    private final boolean noXattrs;
    private final boolean bootable;

    private CommitSpec(Builder b) {
        this.source = b.source;
        this.subject = b.subject;
        this.body = b.body;
        this.timestamp = b.timestamp;
        this.parent = b.parent;
        this.metadataStrings = Map.copyOf(b.metadataStrings);
        this.metadataStringOrder = List.copyOf(b.metadataStrings.keySet());
        this.metadata = b.metadata;
        this.refBindings = b.refBindings == null ? null : List.copyOf(b.refBindings);
        this.canonicalPermissions = b.canonicalPermissions;
        this.noXattrs = b.noXattrs;
        this.bootable = b.bootable;
    }

    public static Builder fromDirectory(Path directory) {
        return new Builder(new DirectorySource(directory));
    }

    /** A tar stream the caller owns and closes; it is read to the end of the archive. */
    public static Builder fromTar(InputStream tar) {
        return new Builder(new TarSource(tar));
    }

    public Source source() {
        return source;
    }

    public String subject() {
        return subject;
    }

    public String body() {
        return body;
    }

    /** The commit timestamp; empty means "now" (or {@code SOURCE_DATE_EPOCH} as ostree honours it). */
    public Optional<Instant> timestamp() {
        return Optional.ofNullable(timestamp);
    }

    public Optional<Checksum> parent() {
        return Optional.ofNullable(parent);
    }

    /** {@code --add-metadata-string} pairs in the order given. */
    public List<Map.Entry<String, String>> metadataStrings() {
        return metadataStringOrder.stream().map(k -> Map.entry(k, metadataStrings.get(k))).toList();
    }

    public Metadata metadata() {
        return metadata;
    }

    /** The refs recorded as {@code ostree.ref-binding}; empty = not written (ostree's {@code --no-bindings}). */
    public Optional<List<String>> refBindings() {
        return Optional.ofNullable(refBindings);
    }

    public boolean canonicalPermissions() {
        return canonicalPermissions;
    }

    public boolean noXattrs() {
        return noXattrs;
    }

    public boolean bootable() {
        return bootable;
    }

    /** Collects a commit's fields; not thread-safe. */
    public static final class Builder {
        private final Source source;
        private String subject = "";
        private String body = "";
        private Instant timestamp;
        private Checksum parent;
        private final Map<String, String> metadataStrings = new LinkedHashMap<>();
        private Metadata metadata = Metadata.EMPTY;
        private List<String> refBindings;
        private boolean canonicalPermissions;
        private boolean noXattrs;
        private boolean bootable;

        private Builder(Source source) {
            this.source = source;
        }

        public Builder subject(String subject) {
            this.subject = Objects.requireNonNull(subject, "subject");
            return this;
        }

        public Builder body(String body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        /** Seconds precision, as ostree stores it. */
        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder parent(Checksum parent) {
            this.parent = parent;
            return this;
        }

        /** {@code --add-metadata-string=KEY=VALUE}; a repeated key keeps its first position. */
        public Builder addMetadataString(String key, String value) {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("metadata key must not be empty");
            }
            metadataStrings.put(key, Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Further metadata, written after the {@link #addMetadataString} entries. */
        public Builder metadata(Metadata metadata) {
            this.metadata = Objects.requireNonNull(metadata, "metadata");
            return this;
        }

        /** Records {@code ostree.ref-binding} (sorted) as {@code ostree commit -b} does by default. */
        public Builder refBindings(List<String> refs) {
            List<String> sorted = new ArrayList<>(refs);
            sorted.forEach(RefName::parse);
            sorted.sort(ObjectCodec::compareUtf8);
            this.refBindings = sorted;
            return this;
        }

        /** uid = gid = 0, modes masked to 0755, no xattrs ({@code --canonical-permissions}). */
        public Builder canonicalPermissions(boolean on) {
            this.canonicalPermissions = on;
            return this;
        }

        /** Do not record xattrs ({@code --no-xattrs}). */
        public Builder noXattrs(boolean on) {
            this.noXattrs = on;
            return this;
        }

        /** Adds {@code ostree.bootable} and {@code ostree.linux} from {@code usr/lib/modules/KVER/vmlinuz}. */
        public Builder bootable(boolean on) {
            this.bootable = on;
            return this;
        }

        public CommitSpec build() {
            return new CommitSpec(this);
        }
    }
}
