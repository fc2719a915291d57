package io.bootc4j.ostree;

import java.util.Objects;
import java.util.Optional;

/**
 * An object's identity in a repository: checksum and type. Its string form is ostree's
 * {@code CHECKSUM.TYPE} (as printed by {@code ostree fsck} and {@code ostree_object_to_string}).
 */
public record ObjectName(Checksum checksum, ObjectType type) {

    public ObjectName {
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(type, "type");
    }

    /**
     * The loose object path relative to the repository: {@code objects/ab/cdef….dirtree}
     * ({@code _ostree_loose_path}). File objects get the suffix {@code .filez} when
     * {@code archiveFilez} is true (archive mode).
     */
    public String looseRelativePath(boolean archiveFilez) {
        String hex = checksum.toString();
        String suffix = type.suffix() + (archiveFilez && type == ObjectType.FILE ? "z" : "");
        return "objects/" + hex.substring(0, 2) + "/" + hex.substring(2) + "." + suffix;
    }

    /**
     * Parses {@code CHECKSUM.TYPE}.
     *
     * @throws IllegalArgumentException quoting {@code text} when malformed
     */
    public static ObjectName parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "not an ostree object name (CHECKSUM.TYPE): \"" + text + "\""));
    }

    public static Optional<ObjectName> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int dot = text.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        Optional<Checksum> c = Checksum.tryParse(text.substring(0, dot));
        Optional<ObjectType> t = ObjectType.tryFromSuffix(text.substring(dot + 1));
        return c.isPresent() && t.isPresent() ? Optional.of(new ObjectName(c.get(), t.get())) : Optional.empty();
    }

    @Override
    public String toString() {
        return checksum + "." + type.suffix();
    }
}
