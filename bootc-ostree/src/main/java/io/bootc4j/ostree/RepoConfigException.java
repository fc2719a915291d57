package io.bootc4j.ostree;

import java.nio.file.Path;

/** A repository {@code config} that cannot be used: malformed, wrong version or unknown mode. */
public class RepoConfigException extends OstreeException {

    private final Path config;

    public RepoConfigException(Path config, String offence) {
        super(config + ": " + offence);
        this.config = config;
    }

    public RepoConfigException(Path config, String offence, Throwable cause) {
        super(config + ": " + offence, cause);
        this.config = config;
    }

    /** The config file. */
    public Path config() {
        return config;
    }
}
