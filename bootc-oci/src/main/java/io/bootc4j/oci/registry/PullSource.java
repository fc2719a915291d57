package io.bootc4j.oci.registry;

import java.util.Objects;

/**
 * One place to pull a repository from: a mirror or the primary location after
 * {@code registries.conf} rewriting.
 *
 * @param registry {@code host[:port]} to contact
 * @param repository repository path on that registry
 * @param insecure plain HTTP is allowed and TLS certificates are not verified
 * @param mirror this is a mirror, not the (rewritten) primary location
 */
public record PullSource(String registry, String repository, boolean insecure, boolean mirror) {

    public PullSource {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        if (registry.isEmpty() || repository.isEmpty()) {
            throw new IllegalArgumentException("pull source \"" + registry + "/" + repository + "\": empty registry or repository");
        }
    }

    /** {@code registry/repository}. */
    public String name() {
        return registry + "/" + repository;
    }
}
