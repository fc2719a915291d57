package io.bootc4j.oci.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootc4j.oci.ManifestFormatException;
import io.bootc4j.oci.MediaType;

/** containers/image's {@code GuessMIMEType} for manifests whose media type is not known. */
public final class ManifestTypeGuesser {

    private ManifestTypeGuesser() {
    }

    /** The guessed media type, or "" when the bytes are not a JSON object. */
    public static String guess(byte[] bytes) {
        ObjectNode o;
        try {
            o = Json.readObject(bytes, "manifest");
        } catch (ManifestFormatException e) {
            return "";
        }
        String mt = o.path("mediaType").asText("");
        if (mt.equals(MediaType.OCI_MANIFEST) || mt.equals(MediaType.OCI_INDEX)
                || mt.equals(MediaType.DOCKER_MANIFEST) || mt.equals(MediaType.DOCKER_MANIFEST_LIST)) {
            return mt;
        }
        int schema = o.path("schemaVersion").asInt(-1);
        if (schema == 1) {
            return o.has("signatures") ? MediaType.DOCKER_SCHEMA1_SIGNED : MediaType.DOCKER_SCHEMA1;
        }
        JsonNode config = o.get("config");
        if (schema == 2 && config != null && config.isObject()) {
            String ct = config.path("mediaType").asText("");
            if (ct.equals(MediaType.DOCKER_CONFIG)) {
                return MediaType.DOCKER_MANIFEST;
            }
            return MediaType.OCI_MANIFEST;
        }
        JsonNode manifests = o.get("manifests");
        if (manifests != null && manifests.isArray() && manifests.size() > 0) {
            return MediaType.OCI_INDEX;
        }
        return MediaType.OCI_MANIFEST;
    }
}
