package io.bootc4j.oci.registry;

import io.bootc4j.oci.registry.internal.AuthFileFormat;
import io.bootc4j.oci.registry.internal.CredentialHelper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Credentials from containers {@code auth.json} and Docker {@code config.json} files, looked up the
 * way containers/image does ({@code containers-auth.json(5)}).
 *
 * <p>Search order when no file is given explicitly (the first file that yields a credential wins):
 * <ol>
 *   <li>{@code ${XDG_RUNTIME_DIR}/containers/auth.json} (when {@code XDG_RUNTIME_DIR} is set),</li>
 *   <li>{@code ${XDG_CONFIG_HOME:-$HOME/.config}/containers/auth.json},</li>
 *   <li>{@code ${DOCKER_CONFIG:-$HOME/.docker}/config.json},</li>
 *   <li>{@code $HOME/.dockercfg} (legacy: registry keys at top level).</li>
 * </ol>
 * An explicit file ({@code --authfile}, or {@code $REGISTRY_AUTH_FILE}, which podman and skopeo use
 * as the {@code --authfile} default) replaces the whole list. Missing files are skipped.
 *
 * <p>Within a file: a {@code credHelpers} entry for the registry host runs
 * {@code docker-credential-NAME get}; otherwise {@code auths} keys are tried most specific first
 * ({@code host/ns/repo}, {@code host/ns}, {@code host}), then legacy keys ({@code https://host/v1/});
 * {@code docker.io}, {@code registry-1.docker.io} and {@code index.docker.io} are one registry. An
 * entry holds {@code auth} (base64 {@code user:password}) and/or {@code identitytoken}. Last, a
 * global {@code credsStore} helper is asked, as Docker does.
 *
 * <p>Immutable and thread-safe; files are read on every lookup, so edits are seen.
 */
public final class AuthFile implements CredentialSource {

    private final List<Path> files;
    private final CredentialHelper helpers;

    private AuthFile(List<Path> files, Map<String, String> env) {
        this.files = List.copyOf(files);
        this.helpers = new CredentialHelper(env);
    }

    /** The search list from this process's environment and {@code user.home}. */
    public static AuthFile discover() {
        return discover(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * The search list for the given environment and home directory. {@code env} also supplies the
     * {@code PATH} used to find credential helpers.
     */
    public static AuthFile discover(Map<String, String> env, Path home) {
        Objects.requireNonNull(home, "home");
        String explicit = env.get("REGISTRY_AUTH_FILE");
        if (explicit != null && !explicit.isEmpty()) {
            return new AuthFile(List.of(Path.of(explicit)), env);
        }
        List<Path> files = new ArrayList<>();
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isEmpty()) {
            files.add(Path.of(runtime, "containers", "auth.json"));
        }
        String configHome = env.get("XDG_CONFIG_HOME");
        Path config = configHome != null && !configHome.isEmpty() ? Path.of(configHome) : home.resolve(".config");
        files.add(config.resolve("containers").resolve("auth.json"));
        String dockerConfig = env.get("DOCKER_CONFIG");
        Path docker = dockerConfig != null && !dockerConfig.isEmpty() ? Path.of(dockerConfig) : home.resolve(".docker");
        files.add(docker.resolve("config.json"));
        files.add(home.resolve(".dockercfg"));
        return new AuthFile(files, env);
    }

    /** Exactly {@code file} (skopeo's {@code --authfile}); helpers are found on this process's {@code PATH}. */
    public static AuthFile of(Path file) {
        return of(file, System.getenv());
    }

    /** Exactly {@code file}, with {@code env} supplying {@code PATH} for credential helpers. */
    public static AuthFile of(Path file, Map<String, String> env) {
        return new AuthFile(List.of(file), env);
    }

    /** The files consulted, in order. */
    public List<Path> files() {
        return files;
    }

    /**
     * {@inheritDoc}
     *
     * @throws RegistryConfigException when a file is malformed or a helper fails, naming it
     */
    @Override
    public Optional<Credential> find(String registry, String repository) throws IOException {
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            AuthFileFormat parsed = AuthFileFormat.read(file, file.getFileName().toString().equals(".dockercfg"));
            Optional<String> helper = parsed.helperFor(registry);
            if (helper.isPresent()) {
                Optional<Credential> c = helpers.get(helper.get(), registry);
                if (c.isPresent()) {
                    return c;
                }
                continue;
            }
            Optional<Credential> c = parsed.lookup(registry, repository);
            if (c.isPresent()) {
                return c;
            }
            if (parsed.credsStore().isPresent()) {
                c = helpers.get(parsed.credsStore().get(), registry);
                if (c.isPresent()) {
                    return c;
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "AuthFile" + files;
    }
}
