package io.bootc4j.oci;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container image reference in the docker reference grammar
 * ({@code [registry/]repository[:tag][@digest]}), normalised as docker and containers/image do:
 * a name without a registry lives on {@code docker.io}, a single-component name on
 * {@code docker.io} gets {@code library/}, and {@code index.docker.io} becomes {@code docker.io}.
 * The first component is a registry when it contains {@code .} or {@code :} or is
 * {@code localhost}. Immutable; {@link #toString()} is the canonical, fully-qualified form and
 * round-trips through {@link #parse(String)}. A reference may carry a tag, a digest, both or
 * neither; {@link #withDefaultTag()} adds {@code latest} as the docker transport does.
 */
public final class ImageReference {

    public static final String DOCKER_HUB = "docker.io";
    public static final String DEFAULT_TAG = "latest";

    private static final int NAME_MAX = 255;
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
                    + "|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

    private final String registry;
    private final String repository;
    private final String tag;
    private final Digest digest;

    private ImageReference(String registry, String repository, String tag, Digest digest) {
        this.registry = registry;
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
    }

    /**
     * Parses and normalises a reference such as {@code busybox}, {@code quay.io/a/b:t} or
     * {@code localhost:5000/x@sha256:…}.
     *
     * @throws IllegalArgumentException quoting the input and naming the offence
     */
    public static ImageReference parse(String text) {
        Objects.requireNonNull(text, "text");
        Object r = doParse(text);
        if (r instanceof String problem) {
            throw new IllegalArgumentException("invalid image reference \"" + text + "\": " + problem);
        }
        return (ImageReference) r;
    }

    /** Like {@link #parse(String)} but returns empty instead of throwing; null gives empty. */
    public static Optional<ImageReference> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Object r = doParse(text);
        return r instanceof ImageReference ref ? Optional.of(ref) : Optional.empty();
    }

    /** Returns the reference or a String describing the problem. */
    private static Object doParse(String text) {
        if (text.isEmpty()) {
            return "empty reference";
        }
        if (HEX64.matcher(text).matches()) {
            return "a bare 64-digit hex string is an image ID, not a reference";
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            String d = rest.substring(at + 1);
            Optional<Digest> parsed = Digest.tryParse(d);
            if (parsed.isEmpty()) {
                return "bad digest \"" + d + "\"";
            }
            digest = parsed.get();
            rest = rest.substring(0, at);
        }
        String tag = null;
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                return "bad tag \"" + tag + "\" (up to 128 of [A-Za-z0-9_.-], not starting with . or -)";
            }
        }
        if (rest.isEmpty()) {
            return "missing repository name";
        }
        String registry;
        String path;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        if (slash < 0 || (!first.contains(".") && !first.contains(":") && !first.equals("localhost")
                && first.toLowerCase(java.util.Locale.ROOT).equals(first))) {
            registry = DOCKER_HUB;
            path = rest;
        } else {
            registry = first;
            path = rest.substring(slash + 1);
            if (!DOMAIN.matcher(registry).matches()) {
                return "bad registry host \"" + registry + "\"";
            }
        }
        if (registry.equals("index.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && path.indexOf('/') < 0) {
            path = "library/" + path;
        }
        for (String component : path.split("/", -1)) {
            if (component.isEmpty()) {
                return "empty path component";
            }
            if (!PATH_COMPONENT.matcher(component).matches()) {
                if (!component.toLowerCase(java.util.Locale.ROOT).equals(component)) {
                    return "repository name must be lowercase";
                }
                return "bad path component \"" + component + "\"";
            }
        }
        if (registry.length() + 1 + path.length() > NAME_MAX) {
            return "repository name longer than " + NAME_MAX + " characters";
        }
        return new ImageReference(registry, path, tag, digest);
    }

    /** The registry host (with port), e.g. {@code docker.io} or {@code localhost:5000}. */
    public String registry() {
        return registry;
    }

    /** The repository path without the registry, e.g. {@code library/busybox}. */
    public String repository() {
        return repository;
    }

    /** {@code registry/repository}, e.g. {@code docker.io/library/busybox}. */
    public String name() {
        return registry + "/" + repository;
    }

    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    public Optional<Digest> digest() {
        return Optional.ofNullable(digest);
    }

    /** The same name with this tag (the digest, if any, is kept). */
    public ImageReference withTag(String newTag) {
        if (!TAG.matcher(Objects.requireNonNull(newTag, "tag")).matches()) {
            throw new IllegalArgumentException("invalid tag \"" + newTag + "\"");
        }
        return new ImageReference(registry, repository, newTag, digest);
    }

    /** The same name with this digest (the tag, if any, is kept). */
    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, tag, Objects.requireNonNull(newDigest, "digest"));
    }

    /** The same name without tag and digest. */
    public ImageReference nameOnly() {
        return new ImageReference(registry, repository, null, null);
    }

    /** Adds tag {@code latest} when there is neither tag nor digest (docker's {@code TagNameOnly}). */
    public ImageReference withDefaultTag() {
        return tag == null && digest == null ? withTag(DEFAULT_TAG) : this;
    }

    /** The short form docker prints: {@code busybox:latest} for {@code docker.io/library/busybox:latest}. */
    public String familiar() {
        String n = name();
        if (registry.equals(DOCKER_HUB)) {
            n = repository.startsWith("library/") && repository.indexOf('/', 8) < 0 ? repository.substring(8) : repository;
        }
        return n + suffix();
    }

    private String suffix() {
        return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    @Override
    public String toString() {
        return name() + suffix();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReference r && r.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
