package io.bootc4j.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootc4j.oci.internal.DescriptorJson;
import io.bootc4j.oci.internal.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image manifest: an OCI image manifest or a Docker schema 2 manifest
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/manifest.md">manifest.md</a>),
 * parsed from and keeping its exact bytes. Immutable.
 */
public final class Manifest {

    private final ManifestBytes bytes;
    private final Descriptor config;
    private final List<Descriptor> layers;
    private final Map<String, String> annotations;
    private final Optional<Descriptor> subject;
    private final Optional<String> artifactType;

    private Manifest(ManifestBytes bytes, Descriptor config, List<Descriptor> layers, Map<String, String> annotations,
            Optional<Descriptor> subject, Optional<String> artifactType) {
        this.bytes = bytes;
        this.config = config;
        this.layers = layers;
        this.annotations = annotations;
        this.subject = subject;
        this.artifactType = artifactType;
    }

    /**
     * Parses an image manifest.
     *
     * @throws ManifestFormatException naming the manifest digest when the bytes are not JSON, the
     *     media type is not an image manifest, the embedded {@code mediaType} disagrees with the
     *     declared one, or {@code schemaVersion}/{@code config}/{@code layers} are missing or wrong
     */
    public static Manifest parse(ManifestBytes manifest) throws ManifestFormatException {
        String subjectName = "manifest " + manifest.digest();
        String mt = manifest.mediaType();
        if (mt.isEmpty()) {
            Json.readObject(manifest.bytes(), subjectName);
            throw new ManifestFormatException(subjectName, "cannot determine the manifest's media type");
        }
        if (MediaType.isSchema1(mt)) {
            throw new ManifestFormatException(subjectName, "Docker schema 1 manifests are not supported");
        }
        if (!MediaType.isImageManifest(mt)) {
            throw new ManifestFormatException(subjectName, "media type \"" + mt + "\" is not an image manifest");
        }
        ObjectNode o = Json.readObject(manifest.bytes(), subjectName);
        JsonNode sv = o.get("schemaVersion");
        if (sv == null || !sv.isInt() || sv.asInt() != 2) {
            throw new ManifestFormatException(subjectName, "\"schemaVersion\" must be 2");
        }
        Optional<String> embedded = Json.optionalString(o, "mediaType", subjectName);
        if (embedded.isPresent() && !embedded.get().equals(mt)) {
            throw new ManifestFormatException(subjectName, "embedded mediaType \"" + embedded.get()
                    + "\" does not match \"" + mt + "\"");
        }
        if (embedded.isEmpty() && mt.equals(MediaType.DOCKER_MANIFEST)) {
            throw new ManifestFormatException(subjectName, "Docker schema 2 manifest lacks \"mediaType\"");
        }
        JsonNode cfg = o.get("config");
        if (cfg == null) {
            throw new ManifestFormatException(subjectName, "missing field \"config\"");
        }
        Descriptor config = DescriptorJson.read(cfg, subjectName);
        List<Descriptor> layers = DescriptorJson.readArray(o, "layers", subjectName, true);
        Optional<Descriptor> subject = Optional.empty();
        JsonNode s = o.get("subject");
        if (s != null && !s.isNull()) {
            subject = Optional.of(DescriptorJson.read(s, subjectName));
        }
        return new Manifest(manifest, config, layers, Map.copyOf(Json.stringMap(o, "annotations", subjectName)), subject,
                Json.optionalString(o, "artifactType", subjectName));
    }

    /** The exact bytes this manifest was parsed from. */
    public ManifestBytes bytes() {
        return bytes;
    }

    public String mediaType() {
        return bytes.mediaType();
    }

    public Digest digest() {
        return bytes.digest();
    }

    public Descriptor config() {
        return config;
    }

    /** Layers, base layer first. */
    public List<Descriptor> layers() {
        return layers;
    }

    public Map<String, String> annotations() {
        return annotations;
    }

    public Optional<Descriptor> subject() {
        return subject;
    }

    public Optional<String> artifactType() {
        return artifactType;
    }

    /** True for a Docker schema 2 manifest, false for OCI. */
    public boolean isDocker() {
        return MediaType.DOCKER_MANIFEST.equals(bytes.mediaType());
    }

    @Override
    public String toString() {
        return "Manifest[" + mediaType() + " " + digest() + ", " + layers.size() + " layers]";
    }
}
