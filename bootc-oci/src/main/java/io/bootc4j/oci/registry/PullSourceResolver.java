package io.bootc4j.oci.registry;

import java.util.List;

/**
 * Decides where a repository is pulled from: mirrors first, in order, then the primary location.
 * {@link RegistriesConf} is the containers {@code registries.conf} implementation.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface PullSourceResolver {

    /**
     * The sources to try for {@code registry/repository}, never empty.
     *
     * @param pinnedByDigest the reference names a digest (digest-only mirrors may then be used)
     * @throws RegistryConfigException when the configuration blocks this registry
     */
    List<PullSource> resolve(String registry, String repository, boolean pinnedByDigest) throws RegistryConfigException;

    /** No rewriting, no mirrors, TLS everywhere. */
    static PullSourceResolver direct() {
        return (registry, repository, pinned) -> List.of(new PullSource(registry, repository, false, false));
    }
}
