package io.bootc4j.oci.signature;

import io.bootc4j.oci.ImageReference;
import io.bootc4j.oci.signature.internal.PolicyScopes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What policy.json scopes an image is looked up under, as containers/image's
 * {@code PolicyConfigurationIdentity()} and {@code PolicyConfigurationNamespaces()} define them:
 * first {@code transports[transport][identity]}, then each namespace in order, then
 * {@code transports[transport][""]}, then {@code default}.
 *
 * @param transport  the transport name ({@code docker}, {@code dir}, {@code oci}, …)
 * @param identity   the most specific scope ({@code docker.io/library/busybox:latest}, a resolved path)
 * @param namespaces the less specific scopes, most specific first
 */
public record ImageScope(String transport, String identity, List<String> namespaces) {

    public ImageScope {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(identity, "identity");
        namespaces = List.copyOf(namespaces);
    }

    /**
     * The docker transport's scope for {@code ref}: {@code name:tag} or {@code name@digest}
     * ({@code :latest} added when it has neither), then the repository, its parent namespaces,
     * the host, and {@code *.domain} wildcards of the host without port.
     */
    public static ImageScope docker(ImageReference ref) {
        ImageReference r = ref.withDefaultTag();
        if (r.tag().isPresent() && r.digest().isPresent()) {
            // The docker transport refuses tag+digest; the digest is what identifies the image.
            r = r.nameOnly().withDigest(r.digest().get());
        }
        return new ImageScope("docker", r.toString(), PolicyScopes.dockerNamespaces(r));
    }

    /**
     * The scope of a transport reference in skopeo syntax: {@code docker://REF},
     * {@code dir:PATH}, {@code oci:PATH[:REF]}, {@code oci-archive:PATH[:REF]},
     * {@code docker-archive:PATH[:REF]}; any other {@code transport:rest} is looked up with
     * {@code rest} as identity and no namespaces.
     *
     * @throws IllegalArgumentException quoting the input when it has no transport prefix or a bad docker reference
     */
    public static ImageScope of(String transportReference) {
        int colon = transportReference.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("invalid image name \"" + transportReference
                    + "\": expected TRANSPORT:REFERENCE (e.g. docker://quay.io/a/b:tag, dir:/path)");
        }
        String transport = transportReference.substring(0, colon);
        String rest = transportReference.substring(colon + 1);
        switch (transport) {
            case "docker": {
                if (!rest.startsWith("//")) {
                    throw new IllegalArgumentException("invalid image name \"" + transportReference
                            + "\": docker references must start with docker://");
                }
                return docker(ImageReference.parse(rest.substring(2)));
            }
            case "dir": {
                String p = resolve(rest);
                return new ImageScope(transport, p, PolicyScopes.pathNamespaces(p));
            }
            case "oci", "oci-archive": {
                int c = rest.indexOf(':');
                String p = resolve(c < 0 ? rest : rest.substring(0, c));
                return new ImageScope(transport, p, PolicyScopes.pathNamespaces(p));
            }
            case "docker-archive":
                return new ImageScope(transport, "", List.of());
            default:
                return new ImageScope(transport, rest, List.of());
        }
    }

    /** Absolute, normalised, with symlinks of the existing part resolved (the last component may not exist). */
    private static String resolve(String path) {
        Path p = Path.of(path).toAbsolutePath().normalize();
        try {
            if (Files.exists(p)) {
                return p.toRealPath().toString();
            }
            Path parent = p.getParent();
            if (parent != null && Files.exists(parent)) {
                return parent.toRealPath().resolve(p.getFileName()).toString();
            }
        } catch (IOException e) {
            // Fall back to the lexical path: the scope only selects policy requirements.
        }
        return p.toString();
    }
}
