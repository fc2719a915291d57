package io.bootc4j.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootc4j.oci.internal.DescriptorJson;
import io.bootc4j.oci.internal.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OCI image index or a Docker manifest list
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md">image-index.md</a>),
 * also the shape of an OCI layout's {@code index.json}. Entries of unknown media types are kept.
 * Immutable.
 */
public final class ImageIndex {

    private final ManifestBytes bytes;
    private final List<Descriptor> manifests;
    private final Map<String, String> annotations;

    private ImageIndex(ManifestBytes bytes, List<Descriptor> manifests, Map<String, String> annotations) {
        this.bytes = bytes;
        this.manifests = manifests;
        this.annotations = annotations;
    }

    /**
     * Parses an index or manifest list.
     *
     * @throws ManifestFormatException naming the index when it is not valid
     */
    public static ImageIndex parse(ManifestBytes index) throws ManifestFormatException {
        return parse(index, "index " + index.digest());
    }

    /** Parses with a caller-chosen name for messages, e.g. {@code "index.json in oci:/x"}. */
    public static ImageIndex parse(ManifestBytes index, String subjectName) throws ManifestFormatException {
        String mt = index.mediaType();
        if (!MediaType.isIndex(mt)) {
            throw new ManifestFormatException(subjectName, "media type \"" + mt + "\" is not an index");
        }
        ObjectNode o = Json.readObject(index.bytes(), subjectName);
        JsonNode sv = o.get("schemaVersion");
        if (sv == null || !sv.isInt() || sv.asInt() != 2) {
            throw new ManifestFormatException(subjectName, "\"schemaVersion\" must be 2");
        }
        Optional<String> embedded = Json.optionalString(o, "mediaType", subjectName);
        if (embedded.isPresent() && !embedded.get().equals(mt)) {
            throw new ManifestFormatException(subjectName, "embedded mediaType \"" + embedded.get()
                    + "\" does not match \"" + mt + "\"");
        }
        List<Descriptor> manifests = DescriptorJson.readArray(o, "manifests", subjectName, true);
        return new ImageIndex(index, manifests, Map.copyOf(Json.stringMap(o, "annotations", subjectName)));
    }

    public ManifestBytes bytes() {
        return bytes;
    }

    public String mediaType() {
        return bytes.mediaType();
    }

    public Digest digest() {
        return bytes.digest();
    }

    public List<Descriptor> manifests() {
        return manifests;
    }

    public Map<String, String> annotations() {
        return annotations;
    }

    /** Entries whose {@code org.opencontainers.image.ref.name} equals {@code name}. */
    public List<Descriptor> byRefName(String name) {
        return manifests.stream().filter(d -> d.refName().filter(name::equals).isPresent()).toList();
    }
}
