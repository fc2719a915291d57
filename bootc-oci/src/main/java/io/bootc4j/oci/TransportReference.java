package io.bootc4j.oci;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A parsed {@code transport:reference} string in containers-transports(5) syntax:
 * {@code docker://REF}, {@code oci:PATH[:TAG|:@N]}, {@code oci-archive:PATH[:TAG]},
 * {@code docker-archive:PATH[:REF|:@N]}, {@code dir:PATH}. The path ends at the first colon
 * after the transport name, as in containers/image. Immutable.
 *
 * @param transport the transport name, e.g. {@code oci}
 * @param path the local path (empty for {@code docker})
 * @param image the part after the path's colon: a tag or docker reference; empty when absent
 * @param position the {@code @N} instance index, when given
 * @param text the original string
 */
public record TransportReference(String transport, String path, Optional<String> image, OptionalInt position, String text) {

    /** Transports {@link ImageSources} understands. */
    public static final List<String> TRANSPORTS = List.of("docker", "oci", "oci-archive", "docker-archive", "dir");

    private static final Pattern OCI_TAG = Pattern.compile("[A-Za-z0-9._/:@+-]{1,255}");

    /**
     * Parses the string.
     *
     * @throws IllegalArgumentException quoting the input and naming the offence
     */
    public static TransportReference parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw bad(text, "missing transport prefix (one of " + String.join(":, ", TRANSPORTS) + ":)");
        }
        String transport = text.substring(0, colon);
        String rest = text.substring(colon + 1);
        switch (transport) {
            case "docker":
                if (!rest.startsWith("//")) {
                    throw bad(text, "docker references must start with \"docker://\"");
                }
                String ref = rest.substring(2);
                Optional<ImageReference> parsed = ImageReference.tryParse(ref);
                if (parsed.isEmpty()) {
                    try {
                        ImageReference.parse(ref);
                    } catch (IllegalArgumentException e) {
                        throw bad(text, e.getMessage());
                    }
                }
                if (parsed.get().tag().isPresent() && parsed.get().digest().isPresent()) {
                    throw bad(text, "docker references with both a tag and digest are not supported");
                }
                return new TransportReference(transport, "", Optional.of(ref), OptionalInt.empty(), text);
            case "dir":
                if (rest.isEmpty()) {
                    throw bad(text, "empty directory path");
                }
                return new TransportReference(transport, rest, Optional.empty(), OptionalInt.empty(), text);
            case "oci", "oci-archive", "docker-archive":
                return local(text, transport, rest);
            default:
                throw bad(text, "unknown transport \"" + transport + "\" (supported: " + String.join(", ", TRANSPORTS) + ")");
        }
    }

    private static TransportReference local(String text, String transport, String rest) {
        int c = rest.indexOf(':');
        String path = c < 0 ? rest : rest.substring(0, c);
        String image = c < 0 ? "" : rest.substring(c + 1);
        if (path.isEmpty()) {
            throw bad(text, "empty path");
        }
        if (c >= 0 && image.isEmpty()) {
            throw bad(text, "empty reference after \"" + path + ":\"");
        }
        OptionalInt position = OptionalInt.empty();
        if (image.startsWith("@")) {
            if (transport.equals("oci-archive")) {
                throw bad(text, "oci-archive does not support @INDEX");
            }
            String n = image.substring(1);
            if (!n.matches("[0-9]{1,9}")) {
                throw bad(text, "\"" + image + "\" is not a valid @INDEX");
            }
            position = OptionalInt.of(Integer.parseInt(n));
            image = "";
        } else if (!image.isEmpty() && transport.equals("docker-archive")) {
            Optional<ImageReference> r = ImageReference.tryParse(image);
            if (r.isEmpty()) {
                try {
                    ImageReference.parse(image);
                } catch (IllegalArgumentException e) {
                    throw bad(text, e.getMessage());
                }
            }
            if (r.get().digest().isPresent()) {
                throw bad(text, "docker-archive references must not contain a digest");
            }
        } else if (!image.isEmpty() && !OCI_TAG.matcher(image).matches()) {
            throw bad(text, "invalid tag \"" + image + "\"");
        }
        return new TransportReference(transport, path, image.isEmpty() ? Optional.empty() : Optional.of(image), position, text);
    }

    private static IllegalArgumentException bad(String text, String offence) {
        return new IllegalArgumentException("invalid image name \"" + text + "\": " + offence);
    }

    /** The local path as a {@link Path}. */
    public Path localPath() {
        return Path.of(path);
    }

    @Override
    public String toString() {
        return text;
    }
}
