package io.bootc4j.oci.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootc4j.oci.Descriptor;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.ManifestFormatException;
import io.bootc4j.oci.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes {@link Descriptor}s and {@link Platform}s as OCI JSON objects. */
public final class DescriptorJson {

    private DescriptorJson() {
    }

    public static Descriptor read(JsonNode node, String subject) throws ManifestFormatException {
        if (node == null || !node.isObject()) {
            throw new ManifestFormatException(subject, "descriptor must be a JSON object");
        }
        String mediaType = Json.optionalString(node, "mediaType", subject).orElse("");
        String digestText = Json.requiredString(node, "digest", subject);
        Optional<Digest> digest = Digest.tryParse(digestText);
        if (digest.isEmpty()) {
            throw new ManifestFormatException(subject, "invalid digest \"" + digestText + "\"");
        }
        JsonNode size = node.get("size");
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
            throw new ManifestFormatException(subject, "descriptor " + digestText + " needs a non-negative integer \"size\"");
        }
        Map<String, String> annotations = Json.stringMap(node, "annotations", subject);
        Optional<Platform> platform = Optional.empty();
        JsonNode p = node.get("platform");
        if (p != null && !p.isNull()) {
            platform = Optional.of(readPlatform(p, subject));
        }
        List<String> urls = new ArrayList<>();
        JsonNode u = node.get("urls");
        if (u != null && !u.isNull()) {
            if (!u.isArray()) {
                throw new ManifestFormatException(subject, "descriptor " + digestText + " \"urls\" must be an array");
            }
            for (JsonNode x : u) {
                urls.add(x.asText());
            }
        }
        Optional<String> artifactType = Json.optionalString(node, "artifactType", subject);
        return new Descriptor(mediaType, digest.get(), size.asLong(), annotations, platform, urls, artifactType);
    }

    public static List<Descriptor> readArray(JsonNode node, String field, String subject, boolean required)
            throws ManifestFormatException {
        JsonNode arr = node.get(field);
        if (arr == null || arr.isNull()) {
            if (required) {
                throw new ManifestFormatException(subject, "missing field \"" + field + "\"");
            }
            return List.of();
        }
        if (!arr.isArray()) {
            throw new ManifestFormatException(subject, "field \"" + field + "\" must be an array");
        }
        List<Descriptor> out = new ArrayList<>();
        for (JsonNode d : arr) {
            out.add(read(d, subject));
        }
        return List.copyOf(out);
    }

    public static Platform readPlatform(JsonNode p, String subject) throws ManifestFormatException {
        if (!p.isObject()) {
            throw new ManifestFormatException(subject, "\"platform\" must be an object");
        }
        String os = Json.requiredString(p, "os", subject);
        String arch = Json.requiredString(p, "architecture", subject);
        if (os.isEmpty() || arch.isEmpty()) {
            throw new ManifestFormatException(subject, "platform needs non-empty \"os\" and \"architecture\"");
        }
        List<String> features = new ArrayList<>();
        JsonNode f = p.get("os.features");
        if (f != null && f.isArray()) {
            f.forEach(x -> features.add(x.asText()));
        }
        return new Platform(os, arch, Json.optionalString(p, "variant", subject).orElse(""),
                Json.optionalString(p, "os.version", subject).orElse(""), features);
    }

    /** Writes fields in the order the OCI Go types marshal them. */
    public static ObjectNode write(Descriptor d) {
        ObjectNode o = Json.newObject();
        o.put("mediaType", d.mediaType());
        o.put("digest", d.digest().toString());
        o.put("size", d.size());
        if (!d.urls().isEmpty()) {
            ArrayNode u = o.putArray("urls");
            d.urls().forEach(u::add);
        }
        if (!d.annotations().isEmpty()) {
            ObjectNode a = o.putObject("annotations");
            d.annotations().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> a.put(e.getKey(), e.getValue()));
        }
        d.platform().ifPresent(p -> o.set("platform", writePlatform(p)));
        d.artifactType().ifPresent(t -> o.put("artifactType", t));
        return o;
    }

    public static ObjectNode writePlatform(Platform p) {
        ObjectNode o = Json.newObject();
        o.put("architecture", p.architecture());
        o.put("os", p.os());
        if (!p.osVersion().isEmpty()) {
            o.put("os.version", p.osVersion());
        }
        if (!p.osFeatures().isEmpty()) {
            ArrayNode f = o.putArray("os.features");
            p.osFeatures().forEach(f::add);
        }
        if (!p.variant().isEmpty()) {
            o.put("variant", p.variant());
        }
        return o;
    }
}
