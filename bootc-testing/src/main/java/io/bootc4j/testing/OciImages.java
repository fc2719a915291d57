package io.bootc4j.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * Builds OCI image layouts from directories, without Docker, so tests can push real images with
 * {@code skopeo copy oci:DIR:TAG docker://HOST/repo:tag}.
 *
 * <pre>{@code
 * OciImage image = OciImages.fromDirectory(rootfs, layoutDir, "v1");          // one gzip layer, linux/amd64
 * OciImage arm = OciImages.builder(layoutDir).layer(rootfs).platform("linux", "arm64")
 *         .compression(OciImages.Compression.ZSTD).build(null);              // untagged
 * OciImage multi = OciImages.index(layoutDir, "multi", List.of(image, arm)); // an image index
 * }</pre>
 *
 * <p>Everything is deterministic: entries sorted by name bytes, every mtime and the config's
 * {@code created} fixed (see {@link Builder#created(Instant)}), so the same tree gives the same
 * digests. {@code index.json} is rewritten atomically; a tag that is already there is replaced.
 */
public final class OciImages {

    public static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    public static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
    public static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
    /** {@code created} and every tar mtime unless the builder says otherwise: 2024-01-01T00:00:00Z. */
    public static final Instant DEFAULT_CREATED = Instant.parse("2024-01-01T00:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How layer blobs are compressed, with their OCI media types. */
    public enum Compression {
        NONE("application/vnd.oci.image.layer.v1.tar"),
        GZIP("application/vnd.oci.image.layer.v1.tar+gzip"),
        ZSTD("application/vnd.oci.image.layer.v1.tar+zstd");

        private final String mediaType;

        Compression(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }
    }

    private OciImages() {}

    /** A one-layer gzip linux/amd64 image of {@code rootfs}, tagged {@code tag} in {@code layoutDir}. */
    public static OciImage fromDirectory(Path rootfs, Path layoutDir, String tag) {
        return builder(layoutDir).layer(rootfs).build(tag);
    }

    /** Starts an image in {@code layoutDir} (created if missing). */
    public static Builder builder(Path layoutDir) {
        return new Builder(layoutDir);
    }

    /**
     * Writes an image index listing {@code images} (each with its platform) into {@code layoutDir}
     * and tags it {@code tag}. The images must already be in that layout.
     */
    public static OciImage index(Path layoutDir, String tag, List<OciImage> images) {
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", INDEX_MEDIA_TYPE);
        ArrayNode manifests = index.putArray("manifests");
        for (OciImage image : images) {
            if (!image.layout().equals(layoutDir)) {
                throw new IllegalArgumentException("image " + image.digest() + " is in " + image.layout()
                        + ", not in " + layoutDir);
            }
            ObjectNode d = descriptor(image.mediaType(), image.digest(), image.size());
            if (image.os() != null) {
                ObjectNode platform = d.putObject("platform");
                platform.put("architecture", image.architecture());
                platform.put("os", image.os());
            }
            manifests.add(d);
        }
        try {
            initLayout(layoutDir);
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(index);
            String digest = writeBlob(layoutDir, bytes);
            OciImage result = new OciImage(layoutDir, tag, INDEX_MEDIA_TYPE, digest, bytes.length, null, List.of(),
                    images, null, null);
            if (tag != null) {
                tag(layoutDir, result);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an image index into " + layoutDir, e);
        }
    }

    /** Collects the layers and settings of one image; {@link #build(String)} writes it. Not thread-safe. */
    public static final class Builder {
        private final Path layout;
        private final List<Object> layerSources = new ArrayList<>();
        private Compression compression = Compression.GZIP;
        private String os = "linux";
        private String architecture = "amd64";
        private Instant created = DEFAULT_CREATED;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private final List<String> env = new ArrayList<>();
        private List<String> configDiffIds;

        private Builder(Path layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
        }

        /** Adds a layer holding the tree under {@code directory}; layers apply in the order added. */
        public Builder layer(Path directory) {
            layerSources.add(directory);
            return this;
        }

        /** Adds a layer from an uncompressed tar file, written byte for byte (before compression). */
        public Builder layerTar(Path tarFile) {
            layerSources.add(new TarFile(tarFile));
            return this;
        }

        public Builder compression(Compression value) {
            this.compression = Objects.requireNonNull(value, "compression");
            return this;
        }

        public Builder platform(String osName, String arch) {
            this.os = Objects.requireNonNull(osName, "os");
            this.architecture = Objects.requireNonNull(arch, "architecture");
            return this;
        }

        /** The config's {@code created} and every tar entry's mtime. */
        public Builder created(Instant value) {
            this.created = Objects.requireNonNull(value, "created");
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        /** An annotation on the manifest (e.g. {@code org.opencontainers.image.version}). */
        public Builder annotation(String key, String value) {
            annotations.put(key, value);
            return this;
        }

        public Builder env(String keyEqualsValue) {
            env.add(keyEqualsValue);
            return this;
        }

        /**
         * Writes {@code diffIds} as the config's {@code rootfs.diff_ids} instead of the layers' real
         * ones (any count, any text), to build images whose config lies about their layers. The
         * {@link OciImage.Layer#diffId()}s still report the real ones.
         */
        public Builder configDiffIds(List<String> diffIds) {
            this.configDiffIds = List.copyOf(diffIds);
            return this;
        }

        /** Writes layers, config and manifest; tags the manifest {@code tag} in index.json unless null. */
        public OciImage build(String tag) {
            try {
                initLayout(layout);
                List<OciImage.Layer> layers = new ArrayList<>();
                for (Object source : layerSources) {
                    layers.add(writeLayer(source));
                }
                byte[] config = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config(layers));
                String configDigest = writeBlob(layout, config);
                ObjectNode manifest = JSON.createObjectNode();
                manifest.put("schemaVersion", 2);
                manifest.put("mediaType", MANIFEST_MEDIA_TYPE);
                manifest.set("config", descriptor(CONFIG_MEDIA_TYPE, configDigest, config.length));
                ArrayNode layerArray = manifest.putArray("layers");
                for (OciImage.Layer l : layers) {
                    layerArray.add(descriptor(l.mediaType(), l.digest(), l.size()));
                }
                if (!annotations.isEmpty()) {
                    ObjectNode a = manifest.putObject("annotations");
                    annotations.forEach(a::put);
                }
                byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
                String digest = writeBlob(layout, bytes);
                OciImage image = new OciImage(layout, tag, MANIFEST_MEDIA_TYPE, digest, bytes.length, configDigest,
                        layers, List.of(), os, architecture);
                if (tag != null) {
                    tag(layout, image);
                }
                return image;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write an image into " + layout, e);
            }
        }

        private ObjectNode config(List<OciImage.Layer> layers) {
            ObjectNode config = JSON.createObjectNode();
            config.put("created", created.toString());
            config.put("architecture", architecture);
            config.put("os", os);
            ObjectNode inner = config.putObject("config");
            if (!env.isEmpty()) {
                ArrayNode e = inner.putArray("Env");
                env.forEach(e::add);
            }
            if (!labels.isEmpty()) {
                ObjectNode l = inner.putObject("Labels");
                labels.forEach(l::put);
            }
            ObjectNode rootfs = config.putObject("rootfs");
            rootfs.put("type", "layers");
            ArrayNode diffIds = rootfs.putArray("diff_ids");
            ArrayNode history = config.putArray("history");
            if (configDiffIds != null) {
                configDiffIds.forEach(diffIds::add);
            }
            for (OciImage.Layer l : layers) {
                if (configDiffIds == null) {
                    diffIds.add(l.diffId());
                }
                ObjectNode h = history.addObject();
                h.put("created", created.toString());
                h.put("created_by", "bootc4j-testing OciImages");
            }
            return config;
        }

        private OciImage.Layer writeLayer(Object source) throws IOException {
            Path dir = layout.resolve("blobs/sha256");
            Path tmp = Files.createTempFile(dir, ".layer-", ".tmp");
            MessageDigest blobHash = sha256();
            MessageDigest tarHash = sha256();
            try {
                try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                     DigestOutputStream blob = new DigestOutputStream(file, blobHash);
                     OutputStream compressed = compressor(blob);
                     DigestOutputStream tar = new DigestOutputStream(compressed, tarHash)) {
                    if (source instanceof TarFile t) {
                        Files.copy(t.path(), tar);
                    } else {
                        LayerTar.write((Path) source, created, tar);
                    }
                }
                String digest = "sha256:" + HexFormat.of().formatHex(blobHash.digest());
                long size = Files.size(tmp);
                Files.move(tmp, dir.resolve(digest.substring(7)), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                return new OciImage.Layer(compression.mediaType(), digest, size,
                        "sha256:" + HexFormat.of().formatHex(tarHash.digest()));
            } finally {
                Files.deleteIfExists(tmp);
            }
        }

        private OutputStream compressor(OutputStream out) throws IOException {
            return switch (compression) {
                case NONE -> new java.io.FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }
                };
                case GZIP -> new GZIPOutputStream(out, 1 << 16);
                case ZSTD -> new ZstdOutputStream(out, 3);
            };
        }
    }

    private record TarFile(Path path) {}

    private static ObjectNode descriptor(String mediaType, String digest, long size) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }

    private static void initLayout(Path layout) throws IOException {
        Files.createDirectories(layout.resolve("blobs/sha256"));
        Path marker = layout.resolve("oci-layout");
        if (!Files.exists(marker)) {
            Files.writeString(marker, "{\"imageLayoutVersion\":\"1.0.0\"}");
        }
        if (!Files.exists(layout.resolve("index.json"))) {
            replace(layout.resolve("index.json"),
                    ("{\"schemaVersion\":2,\"mediaType\":\"" + INDEX_MEDIA_TYPE + "\",\"manifests\":[]}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static String writeBlob(Path layout, byte[] bytes) throws IOException {
        String hex = HexFormat.of().formatHex(sha256().digest(bytes));
        Path target = layout.resolve("blobs/sha256").resolve(hex);
        if (!Files.exists(target)) {
            replace(target, bytes);
        }
        return "sha256:" + hex;
    }

    private static void tag(Path layout, OciImage image) throws IOException {
        Path indexFile = layout.resolve("index.json");
        JsonNode current = JSON.readTree(indexFile.toFile());
        ObjectNode index = current.deepCopy();
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode m : current.path("manifests")) {
            if (!image.tag().equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText(null))) {
                kept.add(m);
            }
        }
        ObjectNode d = descriptor(image.mediaType(), image.digest(), image.size());
        d.putObject("annotations").put("org.opencontainers.image.ref.name", image.tag());
        kept.add(d);
        index.set("manifests", kept);
        replace(indexFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
    }

    private static void replace(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
