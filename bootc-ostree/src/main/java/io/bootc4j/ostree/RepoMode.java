package io.bootc4j.ostree;

import java.util.Optional;

/**
 * How a repository stores content objects (ostree's {@code core.mode}; reference: ostree-format
 * §1.4).
 *
 * <ul>
 *   <li>{@link #BARE}: files as they would be checked out, with owner, mode and every xattr;
 *       needs root. Hardlink checkouts as root.
 *   <li>{@link #BARE_USER}: files owned by the writing user; the real uid, gid, mode and xattrs
 *       live in the {@code user.ostreemeta} xattr; symlinks are regular files holding the target.
 *   <li>{@link #BARE_USER_ONLY}: like {@code BARE_USER} without any metadata: canonical
 *       permissions (uid = gid = 0, no xattrs, mode &amp; 0775) are forced at commit.
 *   <li>{@link #ARCHIVE}: zlib-compressed {@code .filez} objects, for serving over HTTP.
 *   <li>{@link #BARE_SPLIT_XATTRS}: read-only, see there.
 * </ul>
 */
public enum RepoMode {
    BARE("bare"),
    BARE_USER("bare-user"),
    BARE_USER_ONLY("bare-user-only"),
    /** Written to {@code config} as {@code archive-z2}, as ostree 2022.7 does; {@code archive} is read too. */
    ARCHIVE("archive-z2"),
    /**
     * Read-only: files stored as in {@code bare} but without xattrs, which live in
     * {@code .file-xattrs} objects reached through a {@code .file-xattrs-link} hardlink named by
     * the file's checksum (container exports use it). ostree 2022.7 itself refuses to write it.
     */
    BARE_SPLIT_XATTRS("bare-split-xattrs");

    private final String configName;

    RepoMode(String configName) {
        this.configName = configName;
    }

    /** The string stored as {@code core.mode} in the repository {@code config}. */
    public String configName() {
        return configName;
    }

    /** True for the modes whose content objects are plain files that can be hard-linked. */
    public boolean isBare() {
        return this != ARCHIVE;
    }

    /** False for modes bootc4j (like ostree 2022.7) can read but not write. */
    public boolean isWritable() {
        return this != BARE_SPLIT_XATTRS;
    }

    /** Parses a mode name as ostree accepts it ({@code archive} and {@code archive-z2} are the same). */
    public static RepoMode parse(String name) {
        return tryParse(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown ostree repository mode \"" + name + "\" (expected bare, bare-user, bare-user-only or archive)"));
    }

    /** Like {@link #parse} but empty for an unknown name. */
    public static Optional<RepoMode> tryParse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name) {
            case "bare" -> Optional.of(BARE);
            case "bare-user" -> Optional.of(BARE_USER);
            case "bare-user-only" -> Optional.of(BARE_USER_ONLY);
            case "archive", "archive-z2" -> Optional.of(ARCHIVE);
            case "bare-split-xattrs" -> Optional.of(BARE_SPLIT_XATTRS);
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return configName;
    }
}
