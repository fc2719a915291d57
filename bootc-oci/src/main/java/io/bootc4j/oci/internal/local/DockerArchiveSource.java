package io.bootc4j.oci.internal.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootc4j.oci.BlobNotFoundException;
import io.bootc4j.oci.Descriptor;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.DigestingInputStream;
import io.bootc4j.oci.ImageConfig;
import io.bootc4j.oci.ImageReference;
import io.bootc4j.oci.ImageSource;
import io.bootc4j.oci.ManifestBytes;
import io.bootc4j.oci.ManifestFormatException;
import io.bootc4j.oci.MediaType;
import io.bootc4j.oci.OciException;
import io.bootc4j.oci.SignatureBlob;
import io.bootc4j.oci.internal.Json;
import io.bootc4j.oci.layer.Compression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads one image of a {@code docker save} archive ({@code docker-archive:FILE[:REF|@N]}):
 * {@code manifest.json} lists images with their config file, {@code RepoTags} and layer files.
 * As containers/image does, it presents the image as a generated Docker schema 2 manifest whose
 * layer digests are the diff_ids (layers are served uncompressed, whatever their stored form),
 * serialised exactly as Go's encoding/json would, so the manifest digest matches skopeo's.
 * Members are read in place from the tar; nothing is extracted.
 */
public final class DockerArchiveSource implements ImageSource {

    private final FileTree files;
    private final String describe;
    private final Optional<ImageReference> reference;
    private final byte[] config;
    private final Digest configDigest;
    private final Map<Digest, String> layerPaths;
    private final ManifestBytes manifest;

    private DockerArchiveSource(FileTree files, String describe, Optional<ImageReference> reference, byte[] config,
            Map<Digest, String> layerPaths, ManifestBytes manifest) {
        this.files = files;
        this.describe = describe;
        this.reference = reference;
        this.config = config;
        this.configDigest = Digest.sha256(config);
        this.layerPaths = layerPaths;
        this.manifest = manifest;
    }

    /** Opens {@code file}; {@code reference} (a RepoTag) and {@code position} are exclusive. */
    public static DockerArchiveSource open(Path file, Optional<ImageReference> reference, OptionalInt position,
            String describe) throws IOException {
        FileTree files = new TarFileTree(file, describe);
        try {
            return load(files, reference, position, describe);
        } catch (IOException | RuntimeException e) {
            files.close();
            throw e;
        }
    }

    private static DockerArchiveSource load(FileTree files, Optional<ImageReference> reference, OptionalInt position,
            String describe) throws IOException {
        String subject = "manifest.json in " + describe;
        byte[] mj = files.readSmall("manifest.json", ManifestBytes.MAX_SIZE)
                .orElseThrow(() -> new OciException(describe + ": not a docker-archive (no manifest.json)"));
        JsonNode items;
        try {
            items = new ObjectMapper().readTree(mj);
        } catch (IOException e) {
            throw new ManifestFormatException(subject, "malformed JSON: " + e.getMessage(), e);
        }
        if (items == null || !items.isArray()) {
            throw new ManifestFormatException(subject, "expected a JSON array");
        }
        JsonNode item = select((ArrayNode) items, reference, position, describe, subject);
        String configPath = Json.requiredString(item, "Config", subject);
        byte[] config = files.readSmall(configPath, ImageConfig.MAX_SIZE)
                .orElseThrow(() -> new BlobNotFoundException("config file \"" + configPath + "\"", describe));
        List<Digest> diffIds = ImageConfig.parse(config).diffIds();
        JsonNode layers = item.get("Layers");
        if (layers == null || !layers.isArray()) {
            throw new ManifestFormatException(subject, "missing array \"Layers\"");
        }
        if (layers.size() != diffIds.size()) {
            throw new ManifestFormatException(subject, "inconsistent layer count: " + layers.size()
                    + " in manifest.json, " + diffIds.size() + " in the config");
        }
        Map<Digest, String> paths = new HashMap<>();
        Map<Digest, Long> sizes = new HashMap<>();
        for (int i = 0; i < diffIds.size(); i++) {
            Digest id = diffIds.get(i);
            if (paths.containsKey(id)) {
                continue; // docker save repeats identical layers as symlinks
            }
            String p = layers.get(i).asText();
            paths.put(id, p);
            sizes.put(id, uncompressedSize(files, p, describe));
        }
        ObjectNode m = Json.newObject();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaType.DOCKER_MANIFEST);
        ObjectNode c = m.putObject("config");
        c.put("mediaType", MediaType.DOCKER_CONFIG);
        c.put("size", config.length);
        c.put("digest", Digest.sha256(config).toString());
        ArrayNode ls = m.putArray("layers");
        for (Digest id : diffIds) {
            ObjectNode l = ls.addObject();
            // containers/image labels these "tar.gzip" although it serves them uncompressed
            l.put("mediaType", MediaType.DOCKER_LAYER_GZIP);
            l.put("size", sizes.get(id));
            l.put("digest", id.toString());
        }
        Optional<ImageReference> ref = reference;
        if (ref.isEmpty() && item.path("RepoTags").isArray() && item.get("RepoTags").size() == 1) {
            ref = ImageReference.tryParse(item.get("RepoTags").get(0).asText());
        }
        return new DockerArchiveSource(files, describe, ref, config, paths,
                ManifestBytes.of(Json.write(m), MediaType.DOCKER_MANIFEST));
    }

    private static JsonNode select(ArrayNode items, Optional<ImageReference> reference, OptionalInt position,
            String describe, String subject) throws IOException {
        if (reference.isPresent()) {
            ImageReference want = reference.get().withDefaultTag();
            for (JsonNode item : items) {
                for (JsonNode tag : item.path("RepoTags")) {
                    Optional<ImageReference> r = ImageReference.tryParse(tag.asText());
                    if (r.isPresent() && r.get().equals(want)) {
                        return item;
                    }
                }
            }
            throw new BlobNotFoundException("image \"" + want + "\"", describe);
        }
        if (position.isPresent()) {
            if (position.getAsInt() < 0 || position.getAsInt() >= items.size()) {
                throw new BlobNotFoundException("image @" + position.getAsInt() + " (archive has " + items.size() + ")", describe);
            }
            return items.get(position.getAsInt());
        }
        if (items.size() != 1) {
            throw new OciException(describe + ": archive holds " + items.size() + " images; name one with :REF or @INDEX");
        }
        if (!items.get(0).isObject()) {
            throw new ManifestFormatException(subject, "entry 0 is not an object");
        }
        return items.get(0);
    }

    /** containers/image reports the uncompressed size, since blobs are served decompressed. */
    private static long uncompressedSize(FileTree files, String path, String describe) throws IOException {
        long stored = files.size(path).orElseThrow(() -> new BlobNotFoundException("layer file \"" + path + "\"", describe));
        try (InputStream raw = files.open(path).orElseThrow();
                BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16)) {
            Compression c = Compression.detect(buffered);
            if (c == Compression.NONE) {
                return stored;
            }
            try (InputStream in = c.decompress(buffered)) {
                return in.transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public Optional<ImageReference> dockerReference() {
        return reference;
    }

    @Override
    public ManifestBytes manifest(Optional<Digest> instance) throws IOException {
        if (instance.isPresent() && !instance.get().equals(manifest.digest())) {
            throw new BlobNotFoundException("manifest " + instance.get() + " (docker archives hold no manifest lists)", describe);
        }
        return manifest;
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        InputStream in;
        if (blob.digest().equals(configDigest)) {
            in = new java.io.ByteArrayInputStream(config);
        } else {
            String path = layerPaths.get(blob.digest());
            if (path == null) {
                throw new BlobNotFoundException("blob " + blob.digest(), describe);
            }
            in = Compression.autoDecompress(files.open(path)
                    .orElseThrow(() -> new BlobNotFoundException("layer file \"" + path + "\"", describe)));
        }
        return DigestingInputStream.verifying(in, blob.digest(), blob.size(), describe + " blob");
    }

    @Override
    public List<SignatureBlob> signatures(Optional<Digest> instance) {
        return List.of();
    }

    @Override
    public void close() throws IOException {
        files.close();
    }
}
