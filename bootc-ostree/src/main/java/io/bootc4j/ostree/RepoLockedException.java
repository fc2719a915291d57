package io.bootc4j.ostree;

import java.nio.file.Path;
import java.time.Duration;

/** The repository {@code .lock} stayed held by another process for longer than the lock timeout. */
public final class RepoLockedException extends OstreeException {

    private final Path lockFile;

    public RepoLockedException(Path lockFile, boolean exclusive, Duration waited) {
        super(lockFile + ": could not take the " + (exclusive ? "exclusive" : "shared")
                + " repository lock within " + waited.toSeconds() + " s (another ostree process holds it)");
        this.lockFile = lockFile;
    }

    public Path lockFile() {
        return lockFile;
    }
}
