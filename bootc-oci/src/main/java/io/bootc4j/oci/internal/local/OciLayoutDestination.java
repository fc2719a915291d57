package io.bootc4j.oci.internal.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootc4j.oci.Descriptor;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.ImageDestination;
import io.bootc4j.oci.ImageIndex;
import io.bootc4j.oci.ManifestBytes;
import io.bootc4j.oci.MediaType;
import io.bootc4j.oci.OciException;
import io.bootc4j.oci.SignatureBlob;
import io.bootc4j.oci.internal.DescriptorJson;
import io.bootc4j.oci.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes an image into an OCI image layout directory ({@code oci:DIR[:TAG]}), creating the
 * layout when missing. Blobs (manifests included) go to {@code blobs/sha256/HEX} by temp file
 * and rename; {@link #commit()} rewrites {@code index.json} atomically, replacing any entry with
 * the same {@code org.opencontainers.image.ref.name}. Existing images in the layout are kept.
 * {@link #hasBlob} and {@link #putBlob} are thread-safe (each blob has its own temp file and the
 * rename is atomic); the other methods are not.
 */
public final class OciLayoutDestination implements ImageDestination {

    private final Path dir;
    private final Optional<String> tag;
    private final String describe;
    private ManifestBytes topLevel;

    private OciLayoutDestination(Path dir, Optional<String> tag, String describe) {
        this.dir = dir;
        this.tag = tag;
        this.describe = describe;
    }

    public static OciLayoutDestination open(Path dir, Optional<String> tag, String describe) throws IOException {
        Files.createDirectories(dir.resolve("blobs").resolve(Digest.SHA256));
        Path layout = dir.resolve("oci-layout");
        if (!Files.exists(layout)) {
            AtomicFiles.write(layout, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return new OciLayoutDestination(dir, tag, describe);
    }

    private Path blobPath(Digest d) {
        return dir.resolve("blobs").resolve(d.algorithm()).resolve(d.hex());
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public boolean hasBlob(Digest digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    @Override
    public boolean concurrentBlobs() {
        return true;
    }

    @Override
    public Descriptor putBlob(InputStream content, String mediaType) throws IOException {
        AtomicFiles.Written w = AtomicFiles.writeStream(dir.resolve("blobs").resolve(Digest.SHA256), content, this::blobPath, n -> { });
        return Descriptor.of(mediaType, w.digest(), w.size());
    }

    /** Written without hashing again: the stream verifies {@code expected} (see the interface). */
    @Override
    public Descriptor putVerifiedBlob(InputStream content, Descriptor expected) throws IOException {
        AtomicFiles.writeVerifiedStream(dir.resolve("blobs").resolve(Digest.SHA256), content, blobPath(expected.digest()),
                expected.digest(), expected.size(), describe);
        return expected;
    }

    @Override
    public void putManifest(ManifestBytes manifest, Optional<Digest> instance) throws IOException {
        Path p = blobPath(manifest.digest());
        if (!Files.exists(p)) {
            AtomicFiles.write(p, manifest.bytes());
        }
        if (instance.isEmpty()) {
            topLevel = manifest;
        }
    }

    @Override
    public void putSignatures(List<SignatureBlob> signatures, Optional<Digest> instance) throws OciException {
        if (!signatures.isEmpty()) {
            throw new OciException(describe + ": OCI layouts cannot store signatures; use --remove-signatures to drop them");
        }
    }

    @Override
    public void commit() throws IOException {
        if (topLevel == null) {
            throw new IllegalStateException("commit() before putManifest() of the top-level manifest");
        }
        Path indexPath = dir.resolve("index.json");
        List<Descriptor> entries = new ArrayList<>();
        Map<String, String> indexAnnotations = new HashMap<>();
        if (Files.exists(indexPath)) {
            ImageIndex old = ImageIndex.parse(ManifestBytes.of(Files.readAllBytes(indexPath), MediaType.OCI_INDEX),
                    "index.json in " + describe);
            indexAnnotations.putAll(old.annotations());
            for (Descriptor d : old.manifests()) {
                boolean sameTag = tag.isPresent() && d.refName().filter(tag.get()::equals).isPresent();
                boolean sameUntagged = tag.isEmpty() && d.refName().isEmpty() && d.digest().equals(topLevel.digest());
                if (!sameTag && !sameUntagged) {
                    entries.add(d);
                }
            }
        }
        Descriptor entry = topLevel.descriptor();
        if (tag.isPresent()) {
            entry = entry.withAnnotations(Map.of(Descriptor.REF_NAME, tag.get()));
        }
        entries.add(entry);
        ObjectNode index = Json.newObject();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaType.OCI_INDEX);
        ArrayNode arr = index.putArray("manifests");
        entries.forEach(d -> arr.add(DescriptorJson.write(d)));
        if (!indexAnnotations.isEmpty()) {
            ObjectNode a = index.putObject("annotations");
            indexAnnotations.forEach(a::put);
        }
        AtomicFiles.write(indexPath, Json.write(index));
    }

    @Override
    public void close() {
        // all writes are complete files; nothing to release
    }
}
