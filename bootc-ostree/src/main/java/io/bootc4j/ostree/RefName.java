package io.bootc4j.ostree;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A ref: a local branch ({@code refs/heads/NAME}), a remote-tracking ref ({@code REMOTE:NAME} in
 * {@code refs/remotes/REMOTE/NAME}) or a collection mirror ({@code refs/mirrors/COLLECTION/NAME}).
 * Names follow ostree's grammar ({@code ostree_validate_rev}): one or more {@code /}-separated
 * fragments, each {@code [A-Za-z0-9_][-._A-Za-z0-9_]*}, so no ref can name a path outside
 * {@code refs/}. Canonical string: {@code NAME}, {@code REMOTE:NAME}, {@code (COLLECTION, NAME)}
 * (the form {@code ostree refs --collections} prints).
 */
public final class RefName implements Comparable<RefName> {

    /** Where a ref lives under {@code refs/}. */
    public enum Kind { HEADS, REMOTE, MIRROR }

    private static final String FRAGMENT = "[A-Za-z0-9_][-._A-Za-z0-9_]*";
    private static final Pattern NAME = Pattern.compile("(?:" + FRAGMENT + "/)*" + FRAGMENT);
    private static final Pattern REMOTE = Pattern.compile(FRAGMENT);
    private static final Pattern COLLECTION =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(?:\\.[A-Za-z_][A-Za-z0-9_-]*)+");

    private final Kind kind;
    private final String qualifier;
    private final String name;

    private RefName(Kind kind, String qualifier, String name) {
        this.kind = kind;
        this.qualifier = qualifier;
        this.name = name;
    }

    /** A local branch {@code refs/heads/NAME}. */
    public static RefName heads(String name) {
        return new RefName(Kind.HEADS, "", requireName(name, name));
    }

    /** A remote-tracking ref {@code refs/remotes/REMOTE/NAME}. */
    public static RefName remote(String remote, String name) {
        if (remote == null || !REMOTE.matcher(remote).matches()) {
            throw new IllegalArgumentException("invalid remote name \"" + remote + "\" in ref \"" + remote + ":" + name + "\"");
        }
        return new RefName(Kind.REMOTE, remote, requireName(name, remote + ":" + name));
    }

    /** A collection mirror ref {@code refs/mirrors/COLLECTION/NAME}. */
    public static RefName mirror(String collectionId, String name) {
        if (collectionId == null || !COLLECTION.matcher(collectionId).matches()) {
            throw new IllegalArgumentException("invalid collection ID \"" + collectionId + "\" for ref \"" + name + "\"");
        }
        return new RefName(Kind.MIRROR, collectionId, requireName(name, name));
    }

    /** Parses {@code NAME} or {@code REMOTE:NAME}; throws {@link IllegalArgumentException} quoting the input. */
    public static RefName parse(String refspec) {
        Objects.requireNonNull(refspec, "refspec");
        int colon = refspec.indexOf(':');
        return colon < 0 ? heads(refspec) : remote(refspec.substring(0, colon), refspec.substring(colon + 1));
    }

    /** Like {@link #parse} but empty for an invalid refspec. */
    public static Optional<RefName> tryParse(String refspec) {
        try {
            return Optional.of(parse(refspec));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** True when {@code name} is a valid ref name (without remote). */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    private static String requireName(String name, String input) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid ref name \"" + input
                    + "\": expected /-separated parts of letters, digits and -._, not starting with - . or /");
        }
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** The ref name without remote or collection. */
    public String name() {
        return name;
    }

    /** The remote name, for {@link Kind#REMOTE}. */
    public Optional<String> remoteName() {
        return kind == Kind.REMOTE ? Optional.of(qualifier) : Optional.empty();
    }

    /** The collection ID, for {@link Kind#MIRROR}. */
    public Optional<String> collectionId() {
        return kind == Kind.MIRROR ? Optional.of(qualifier) : Optional.empty();
    }

    /** The file path of this ref relative to the repository, e.g. {@code refs/heads/os/stable}. */
    public String relativePath() {
        return switch (kind) {
            case HEADS -> "refs/heads/" + name;
            case REMOTE -> "refs/remotes/" + qualifier + "/" + name;
            case MIRROR -> "refs/mirrors/" + qualifier + "/" + name;
        };
    }

    @Override
    public int compareTo(RefName o) {
        int c = kind.compareTo(o.kind);
        if (c == 0) {
            c = qualifier.compareTo(o.qualifier);
        }
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RefName r && r.kind == kind && r.qualifier.equals(qualifier) && r.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, qualifier, name);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case HEADS -> name;
            case REMOTE -> qualifier + ":" + name;
            case MIRROR -> "(" + qualifier + ", " + name + ")";
        };
    }
}
