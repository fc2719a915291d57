package io.bootc4j.oci;

import io.bootc4j.oci.internal.local.DirSource;
import io.bootc4j.oci.internal.local.DockerArchiveSource;
import io.bootc4j.oci.internal.local.OciLayoutSource;
import java.io.IOException;
import java.util.Objects;

/**
 * Opens an {@link ImageSource} from a containers-transports(5) string, e.g.
 * {@code oci:/srv/layout:v1}, {@code oci-archive:/tmp/img.tar}, {@code docker-archive:/tmp/s.tar:busybox:latest},
 * {@code dir:/tmp/img} or {@code docker://quay.io/acme/os:42}. Thread-safe (stateless).
 */
public final class ImageSources {

    private ImageSources() {
    }

    /** Same as {@link #open(String, ImageSourceOptions)} with default options. */
    public static ImageSource open(String transportReference) throws IOException {
        return open(transportReference, ImageSourceOptions.defaults());
    }

    /**
     * Opens the source; the caller closes it.
     *
     * @throws IllegalArgumentException when the string is not a valid transport reference
     * @throws OciException when the image cannot be opened (missing, malformed, ambiguous)
     */
    public static ImageSource open(String transportReference, ImageSourceOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        TransportReference ref = TransportReference.parse(transportReference);
        String describe = ref.text();
        return switch (ref.transport()) {
            case "oci" -> OciLayoutSource.openDirectory(ref.localPath(), ref.image(), ref.position(), describe);
            case "oci-archive" -> OciLayoutSource.openArchive(ref.localPath(), ref.image(), describe);
            case "docker-archive" -> DockerArchiveSource.open(ref.localPath(), ref.image().map(ImageReference::parse),
                    ref.position(), describe);
            case "dir" -> DirSource.open(ref.localPath(), describe);
            case "docker" -> io.bootc4j.oci.registry.RegistryClient.forOptions(options)
                    .open(ImageReference.parse(ref.image().orElseThrow()));
            default -> throw new IllegalStateException("unhandled transport " + ref.transport());
        };
    }
}
