package io.bootc4j.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootc4j.oci.internal.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image configuration blob
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/config.md">config.md</a>):
 * platform, {@code rootfs.diff_ids} and the runtime config fields this library reads. Keeps the
 * exact bytes. Immutable.
 */
public final class ImageConfig {

    /** containers/image's limit for a config blob (4 MiB). */
    public static final int MAX_SIZE = 4 * 1024 * 1024;

    private final byte[] bytes;
    private final Platform platform;
    private final List<Digest> diffIds;
    private final Map<String, String> labels;
    private final List<String> env;
    private final Optional<String> created;

    private ImageConfig(byte[] bytes, Platform platform, List<Digest> diffIds, Map<String, String> labels,
            List<String> env, Optional<String> created) {
        this.bytes = bytes;
        this.platform = platform;
        this.diffIds = diffIds;
        this.labels = labels;
        this.env = env;
        this.created = created;
    }

    /**
     * Parses a config blob.
     *
     * @throws ManifestFormatException naming the config digest when JSON, {@code os},
     *     {@code architecture} or {@code rootfs.diff_ids} are missing or malformed
     */
    public static ImageConfig parse(byte[] configBytes) throws ManifestFormatException {
        byte[] copy = configBytes.clone();
        String subject = "image config " + Digest.sha256(copy);
        ObjectNode o = Json.readObject(copy, subject);
        String os = Json.requiredString(o, "os", subject);
        String arch = Json.requiredString(o, "architecture", subject);
        if (os.isEmpty() || arch.isEmpty()) {
            throw new ManifestFormatException(subject, "\"os\" and \"architecture\" must not be empty");
        }
        Platform platform = new Platform(os, arch, Json.optionalString(o, "variant", subject).orElse(""),
                Json.optionalString(o, "os.version", subject).orElse(""), List.of());
        JsonNode rootfs = o.get("rootfs");
        if (rootfs == null || !rootfs.isObject()) {
            throw new ManifestFormatException(subject, "missing object \"rootfs\"");
        }
        JsonNode ids = rootfs.get("diff_ids");
        if (ids == null || !ids.isArray()) {
            throw new ManifestFormatException(subject, "missing array \"rootfs.diff_ids\"");
        }
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode id : ids) {
            Optional<Digest> d = Digest.tryParse(id.asText());
            if (d.isEmpty()) {
                throw new ManifestFormatException(subject, "invalid diff_id \"" + id.asText() + "\"");
            }
            diffIds.add(d.get());
        }
        JsonNode cfg = o.path("config");
        Map<String, String> labels = cfg.isObject() ? Json.stringMap(cfg, "Labels", subject) : Map.of();
        List<String> env = new ArrayList<>();
        if (cfg.isObject() && cfg.path("Env").isArray()) {
            cfg.get("Env").forEach(e -> env.add(e.asText()));
        }
        return new ImageConfig(copy, platform, List.copyOf(diffIds), Map.copyOf(labels), List.copyOf(env),
                Json.optionalString(o, "created", subject));
    }

    /** A fresh copy of the exact config bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public Digest digest() {
        return Digest.sha256(bytes);
    }

    public String os() {
        return platform.os();
    }

    public String architecture() {
        return platform.architecture();
    }

    public Platform platform() {
        return platform;
    }

    /** Digests of the uncompressed layers, in manifest order. */
    public List<Digest> diffIds() {
        return diffIds;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public List<String> env() {
        return env;
    }

    /** The {@code created} timestamp text (RFC 3339), if present. */
    public Optional<String> created() {
        return created;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageConfig c && Arrays.equals(c.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
