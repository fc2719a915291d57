package io.bootc4j.oci.registry;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the credential for a repository on a registry. One method, so callers can chain sources,
 * wrap them, or plug in a secret store; {@link AuthFile} is the containers/Docker file-based one.
 *
 * <p>Implementations must be thread-safe: the registry client calls them from several threads.
 */
@FunctionalInterface
public interface CredentialSource {

    /**
     * The credential for {@code repository} (path without registry, e.g. {@code library/busybox})
     * on {@code registry} ({@code host[:port]}, e.g. {@code docker.io}), or empty for anonymous access.
     *
     * @throws IOException when a configured source cannot be read (malformed file, failing helper)
     */
    Optional<Credential> find(String registry, String repository) throws IOException;

    /** Anonymous access everywhere. */
    static CredentialSource none() {
        return (registry, repository) -> Optional.empty();
    }

    /** Fixed credentials by registry host, e.g. from a {@code --creds} option. */
    static CredentialSource of(Map<String, Credential> byRegistry) {
        Map<String, Credential> copy = Map.copyOf(byRegistry);
        return (registry, repository) -> Optional.ofNullable(copy.get(registry));
    }
}
