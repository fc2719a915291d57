package io.bootc4j.ostree;

import java.nio.file.Path;

/** A repository whose {@code core.mode} this version cannot read or write (e.g. a typo, or a newer mode). */
public final class UnsupportedRepoModeException extends RepoConfigException {

    private final String mode;

    public UnsupportedRepoModeException(Path config, String mode) {
        super(config, "unsupported repository mode \"" + mode
                + "\" (bootc4j reads bare, bare-user, bare-user-only, archive and archive-z2)");
        this.mode = mode;
    }

    /** The mode string as written in the config. */
    public String mode() {
        return mode;
    }
}
