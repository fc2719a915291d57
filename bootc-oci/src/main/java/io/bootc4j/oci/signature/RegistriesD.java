package io.bootc4j.oci.signature;

import io.bootc4j.oci.ImageReference;
import io.bootc4j.oci.signature.internal.RegistriesDParser;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The containers-registries.d(5) configuration: where the simple-signing signatures of images in
 * a registry namespace live ("lookaside" storage) and whether sigstore attachments are used.
 * Every {@code *.yaml} file of the directory is merged; the same namespace in two files, or two
 * {@code default-docker} sections, is an error. Lookups use the policy.json docker scopes
 * (exact reference, repository, parent namespaces, host, {@code *.domain}), falling through to a
 * less specific section when a more specific one leaves the value unset (as containers/image's
 * {@code registries_d.go} does), then {@code default-docker}, then the built-in default
 * lookaside. Immutable and thread-safe.
 */
public final class RegistriesD {

    /**
     * One {@code docker} namespace entry or the {@code default-docker} section; {@code lookaside}
     * also covers the deprecated {@code sigstore} key, {@code lookasideStaging} the
     * {@code sigstore-staging} key.
     */
    public record Namespace(Optional<URI> lookaside, Optional<URI> lookasideStaging,
            Optional<Boolean> useSigstoreAttachments) {}

    private final Optional<Namespace> defaultDocker;
    private final Map<String, Namespace> docker;
    private final Optional<URI> builtinLookaside;

    private RegistriesD(Optional<Namespace> defaultDocker, Map<String, Namespace> docker, Optional<URI> builtinLookaside) {
        this.defaultDocker = Objects.requireNonNull(defaultDocker);
        this.docker = Map.copyOf(docker);
        this.builtinLookaside = Objects.requireNonNull(builtinLookaside);
    }

    /** No configuration and no built-in default: no lookaside, no sigstore attachments. */
    public static RegistriesD none() {
        return new RegistriesD(Optional.empty(), Map.of(), Optional.empty());
    }

    /** A configuration built from values (no built-in default lookaside). */
    public static RegistriesD of(Optional<Namespace> defaultDocker, Map<String, Namespace> docker) {
        return new RegistriesD(defaultDocker, docker, Optional.empty());
    }

    /**
     * Reads every {@code *.yaml} file of {@code directory} (a missing directory is an empty
     * configuration). The built-in default lookaside is containers/image's: for root
     * {@code file:///var/lib/containers/sigstore}, else
     * {@code file://$HOME/.local/share/containers/sigstore}.
     *
     * @throws PolicyFormatException naming the file and key of a malformed or conflicting entry
     */
    public static RegistriesD load(Path directory) throws IOException {
        RegistriesDParser.Merged m = RegistriesDParser.parseDirectory(directory);
        return new RegistriesD(m.defaultDocker(), m.docker(), Optional.of(builtinDefault()));
    }

    /**
     * The directory containers/image uses: {@code $HOME/.config/containers/registries.d} if it
     * exists, else {@code /etc/containers/registries.d}.
     */
    public static RegistriesD discover() throws IOException {
        Path user = home().resolve(".config/containers/registries.d");
        return load(Files.isDirectory(user) ? user : Path.of("/etc/containers/registries.d"));
    }

    private static Path home() {
        String home = System.getenv("HOME");
        return Path.of(home != null ? home : System.getProperty("user.home"));
    }

    private static URI builtinDefault() {
        boolean root = "root".equals(System.getProperty("user.name"));
        return root ? URI.create("file:///var/lib/containers/sigstore")
                : home().resolve(".local/share/containers/sigstore").toUri();
    }

    public Optional<Namespace> defaultDocker() {
        return defaultDocker;
    }

    /** The {@code docker} entries by namespace. */
    public Map<String, Namespace> docker() {
        return docker;
    }

    /** The lookaside base URL signatures of {@code ref} are read from. */
    public Optional<URI> lookasideFor(ImageReference ref) {
        return first(ref, Namespace::lookaside).or(() -> builtinLookaside);
    }

    /** The lookaside base URL signatures of {@code ref} are written to ({@code lookaside-staging} first). */
    public Optional<URI> lookasideStagingFor(ImageReference ref) {
        return first(ref, n -> n.lookasideStaging().or(n::lookaside)).or(() -> builtinLookaside);
    }

    /** {@code use-sigstore-attachments} for {@code ref}; false when unset. */
    public boolean useSigstoreAttachments(ImageReference ref) {
        return first(ref, Namespace::useSigstoreAttachments).orElse(false);
    }

    private <T> Optional<T> first(ImageReference ref, Function<Namespace, Optional<T>> get) {
        ImageScope scope = ImageScope.docker(ref);
        List<String> names = new ArrayList<>();
        names.add(scope.identity());
        names.addAll(scope.namespaces());
        for (String n : names) {
            Namespace ns = docker.get(n);
            if (ns != null && get.apply(ns).isPresent()) {
                return get.apply(ns);
            }
        }
        return defaultDocker.flatMap(get);
    }

    /**
     * The URL of signature {@code index} (1-based) of the manifest {@code digest} of {@code ref}
     * under lookaside {@code base}: {@code BASE/REPOSITORY-PATH@ALGO=HEX/signature-N}.
     */
    public static URI signatureUrl(URI base, ImageReference ref, io.bootc4j.oci.Digest digest, int index) {
        String b = base.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return URI.create(b + "/" + ref.repository() + "@" + digest.algorithm() + "=" + digest.hex() + "/signature-" + index);
    }

    @Override
    public String toString() {
        return "RegistriesD[default-docker=" + defaultDocker + ", docker=" + docker.keySet() + "]";
    }
}
