package io.bootc4j.ostree;

import java.nio.file.Path;

/** {@link Repo#open} on a directory that is not an ostree repository (no {@code objects/} or no {@code config}). */
public final class RepoNotFoundException extends OstreeException {

    private final Path path;

    public RepoNotFoundException(Path path, String why) {
        super(path + ": not an ostree repository (" + why + ")");
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
