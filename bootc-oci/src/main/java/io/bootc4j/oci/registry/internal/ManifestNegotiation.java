package io.bootc4j.oci.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootc4j.oci.ManifestBytes;
import io.bootc4j.oci.ManifestFormatException;
import io.bootc4j.oci.MediaType;
import java.io.IOException;
import java.util.List;

/**
 * Manifest content negotiation (distribution-spec "Pulling manifests"): the four modern types are
 * requested; the response's {@code Content-Type} (parameters dropped) names the type, a body
 * {@code mediaType} that disagrees is rejected, a missing or generic type is guessed from the JSON
 * as containers/image's {@code GuessMIMEType} does, and Docker schema 1 is refused.
 */
public final class ManifestNegotiation {

    /** The manifest types requested, as separate {@code Accept} values. */
    public static final List<String> ACCEPT = List.of(MediaType.OCI_MANIFEST, MediaType.OCI_INDEX, MediaType.DOCKER_MANIFEST,
            MediaType.DOCKER_MANIFEST_LIST);

    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestNegotiation() {
    }

    /** Wraps received bytes with their media type, or fails naming {@code subject}. */
    public static ManifestBytes manifestBytes(byte[] bytes, String contentType, String subject) throws IOException {
        if (MediaType.isSchema1(contentType)) {
            throw new ManifestFormatException(subject, "Docker schema 1 manifests (" + contentType + ") are not supported");
        }
        if (!MediaType.MODERN_MANIFEST_TYPES.contains(contentType)) {
            ManifestBytes guessed = ManifestBytes.guess(bytes);
            if (!MediaType.MODERN_MANIFEST_TYPES.contains(guessed.mediaType())) {
                throw new ManifestFormatException(subject, "unsupported manifest type \"" + contentType + "\""
                        + (guessed.mediaType().isEmpty() ? "" : " (body looks like \"" + guessed.mediaType() + "\")"));
            }
            return guessed;
        }
        JsonNode embedded;
        try {
            embedded = JSON.readTree(bytes).path("mediaType");
        } catch (IOException e) {
            throw new ManifestFormatException(subject, "body is not JSON", e);
        }
        if (embedded.isTextual() && !embedded.asText().equals(contentType)) {
            throw new ManifestFormatException(subject, "mediaType \"" + embedded.asText() + "\" in the body differs from Content-Type \""
                    + contentType + "\"");
        }
        return ManifestBytes.of(bytes, contentType);
    }
}
