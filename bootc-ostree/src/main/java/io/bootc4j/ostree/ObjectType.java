package io.bootc4j.ostree;

import java.util.Optional;

/**
 * The kinds of object in an ostree repository ({@code OstreeObjectType}), with the file-name
 * suffix each is stored under in {@code objects/XX/}.
 */
public enum ObjectType {
    /** A content object: a regular file or symlink with its metadata. */
    FILE("file"),
    /** A directory listing {@code (a(say)a(sayay))}. */
    DIR_TREE("dirtree"),
    /** A directory's metadata {@code (uuua(ayay))}. */
    DIR_META("dirmeta"),
    /** A commit {@code (a{sv}aya(say)sstayay)}. */
    COMMIT("commit"),
    /**
     * Marks a deleted commit. The suffix is {@code tombstone-commit}: ostree's header comment says
     * {@code commit-tombstone}, but {@code ostree_object_type_to_string} (and the files it writes)
     * use {@code tombstone-commit}.
     */
    TOMBSTONE_COMMIT("tombstone-commit"),
    /** Detached commit metadata (signatures), named after its commit, not content-addressed. */
    COMMIT_META("commitmeta"),
    /** Symlink to a content object, named by the SHA-256 of the file's payload only. */
    PAYLOAD_LINK("payload-link"),
    /** bare-split-xattrs: an {@code a(ayay)} blob named by its SHA-256. */
    FILE_XATTRS("file-xattrs"),
    /** bare-split-xattrs: hardlink to a {@code .file-xattrs}, named by the content checksum. */
    FILE_XATTRS_LINK("file-xattrs-link");

    private final String suffix;

    ObjectType(String suffix) {
        this.suffix = suffix;
    }

    /** ostree's numeric {@code OstreeObjectType} value (1 for FILE … 9 for FILE_XATTRS_LINK). */
    public int code() {
        return ordinal() + 1;
    }

    /** The type whose {@link #code()} is {@code code}, or empty. */
    public static Optional<ObjectType> fromCode(int code) {
        ObjectType[] all = values();
        return code >= 1 && code <= all.length ? Optional.of(all[code - 1]) : Optional.empty();
    }

    /** The type string, also the file-name suffix without the dot (archive file objects add {@code z}). */
    public String suffix() {
        return suffix;
    }

    /** True for dirtree, dirmeta, commit, tombstone and commitmeta ({@code OSTREE_OBJECT_TYPE_IS_META}). */
    public boolean isMetadata() {
        return this == DIR_TREE || this == DIR_META || this == COMMIT || this == TOMBSTONE_COMMIT
                || this == COMMIT_META;
    }

    /**
     * The type whose suffix is {@code suffix} ({@code "dirtree"}, {@code "file"}, …).
     *
     * @throws IllegalArgumentException quoting {@code suffix} when no type has it
     */
    public static ObjectType fromSuffix(String suffix) {
        return tryFromSuffix(suffix).orElseThrow(() -> new IllegalArgumentException(
                "not an ostree object type: \"" + suffix + "\""));
    }

    /** The type whose suffix is {@code suffix}, or empty. */
    public static Optional<ObjectType> tryFromSuffix(String suffix) {
        for (ObjectType t : values()) {
            if (t.suffix.equals(suffix)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return suffix;
    }
}
