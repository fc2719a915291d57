package io.bootc4j.ostree;

import java.util.Objects;

/**
 * How {@link Repo#checkout} writes files ({@code ostree checkout} options). Immutable; start from
 * {@link #defaults()} and use the {@code with…} copies.
 *
 * @param mode {@link Mode#NONE} applies owners, full modes and xattrs (needs root);
 *     {@link Mode#USER} ({@code -U}) keeps files owned by the caller, strips setuid/setgid, skips xattrs
 * @param link {@link Link#AUTO} hard-links from the store when the repository mode allows it and
 *     falls back to copying; {@link Link#REQUIRE_HARDLINKS} ({@code -H}) fails instead;
 *     {@link Link#COPY} ({@code -C}) always copies
 * @param overwrite {@link Overwrite#NONE} requires a fresh destination; {@link Overwrite#UNION_FILES}
 *     ({@code --union}) replaces existing files; {@link Overwrite#ADD_FILES} ({@code --union-add})
 *     keeps them
 * @param subpath the path inside the commit to check out ({@code --subpath}), {@code /} for all
 */
public record CheckoutOptions(Mode mode, Link link, Overwrite overwrite, String subpath) {

    public enum Mode { NONE, USER }

    public enum Link { AUTO, REQUIRE_HARDLINKS, COPY }

    public enum Overwrite { NONE, UNION_FILES, ADD_FILES }

    public CheckoutOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(overwrite, "overwrite");
        subpath = subpath == null || subpath.isEmpty() ? "/" : subpath;
    }

    public static CheckoutOptions defaults() {
        return new CheckoutOptions(Mode.NONE, Link.AUTO, Overwrite.NONE, "/");
    }

    public CheckoutOptions withMode(Mode m) {
        return new CheckoutOptions(m, link, overwrite, subpath);
    }

    public CheckoutOptions withLink(Link l) {
        return new CheckoutOptions(mode, l, overwrite, subpath);
    }

    public CheckoutOptions withOverwrite(Overwrite o) {
        return new CheckoutOptions(mode, link, o, subpath);
    }

    public CheckoutOptions withSubpath(String p) {
        return new CheckoutOptions(mode, link, overwrite, p);
    }
}
