package io.bootc4j.oci;

import io.bootc4j.oci.internal.local.DirDestination;
import io.bootc4j.oci.internal.local.OciLayoutDestination;
import java.io.IOException;
import java.util.Objects;

/**
 * Opens an {@link ImageDestination} from a transport string: {@code oci:DIR[:TAG]} (an OCI
 * layout, created when missing, other images kept) or {@code dir:DIR}. Thread-safe (stateless).
 */
public final class ImageDestinations {

    private ImageDestinations() {
    }

    public static ImageDestination open(String transportReference) throws IOException {
        return open(transportReference, ImageSourceOptions.defaults());
    }

    /**
     * Opens the destination; the caller commits and closes it.
     *
     * @throws IllegalArgumentException when the string is not a valid transport reference
     * @throws OciException when the transport cannot be written to
     */
    public static ImageDestination open(String transportReference, ImageSourceOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        TransportReference ref = TransportReference.parse(transportReference);
        return switch (ref.transport()) {
            case "oci" -> {
                if (ref.position().isPresent()) {
                    throw new IllegalArgumentException("invalid destination \"" + ref.text() + "\": @INDEX is only valid for sources");
                }
                yield OciLayoutDestination.open(ref.localPath(), ref.image(), ref.text());
            }
            case "dir" -> DirDestination.open(ref.localPath(), ref.text());
            default -> throw new OciException(ref.text() + ": writing to the " + ref.transport() + " transport is not supported");
        };
    }
}
