package io.bootc4j.oci.internal.local;

import io.bootc4j.oci.BlobNotFoundException;
import io.bootc4j.oci.Descriptor;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.DigestingInputStream;
import io.bootc4j.oci.ImageIndex;
import io.bootc4j.oci.ImageReference;
import io.bootc4j.oci.ImageSource;
import io.bootc4j.oci.ManifestBytes;
import io.bootc4j.oci.ManifestFormatException;
import io.bootc4j.oci.MediaType;
import io.bootc4j.oci.OciException;
import io.bootc4j.oci.SignatureBlob;
import io.bootc4j.oci.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads one image of an OCI image layout
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">image-layout.md</a>)
 * from a directory ({@code oci:}) or a tar of one ({@code oci-archive:}). The image is the
 * {@code index.json} entry whose {@code org.opencontainers.image.ref.name} is the tag, the entry
 * at a given position, or the only entry. OCI layouts hold no signatures.
 */
public final class OciLayoutSource implements ImageSource {

    private final FileTree files;
    private final String describe;
    private final Descriptor top;
    private final Optional<ImageReference> dockerReference;

    private OciLayoutSource(FileTree files, String describe, Descriptor top) {
        this.files = files;
        this.describe = describe;
        this.top = top;
        this.dockerReference = top.annotations().containsKey("io.containerd.image.name")
                ? ImageReference.tryParse(top.annotations().get("io.containerd.image.name"))
                : Optional.empty();
    }

    /** Opens the layout directory {@code dir}; {@code tag} and {@code position} are exclusive. */
    public static OciLayoutSource openDirectory(Path dir, Optional<String> tag, OptionalInt position, String describe)
            throws IOException {
        return open(new DirectoryFileTree(dir, describe), tag, position, describe);
    }

    /** Opens the layout inside the tar {@code file}, reading members in place. */
    public static OciLayoutSource openArchive(Path file, Optional<String> tag, String describe) throws IOException {
        return open(new TarFileTree(file, describe), tag, OptionalInt.empty(), describe);
    }

    private static OciLayoutSource open(FileTree files, Optional<String> tag, OptionalInt position, String describe)
            throws IOException {
        try {
            byte[] layout = files.readSmall("oci-layout", 4096)
                    .orElseThrow(() -> new OciException(describe + ": not an OCI image layout (no oci-layout file)"));
            String version = Json.optionalString(Json.readObject(layout, "oci-layout in " + describe),
                    "imageLayoutVersion", "oci-layout in " + describe).orElse("");
            if (!version.startsWith("1.")) {
                throw new ManifestFormatException("oci-layout in " + describe, "unsupported imageLayoutVersion \"" + version + "\"");
            }
            byte[] indexBytes = files.readSmall("index.json", ManifestBytes.MAX_SIZE)
                    .orElseThrow(() -> new OciException(describe + ": OCI layout has no index.json"));
            ImageIndex index = ImageIndex.parse(ManifestBytes.of(indexBytes, MediaType.OCI_INDEX), "index.json in " + describe);
            Descriptor top = select(index, tag, position, describe);
            return new OciLayoutSource(files, describe, top);
        } catch (IOException | RuntimeException e) {
            files.close();
            throw e;
        }
    }

    private static Descriptor select(ImageIndex index, Optional<String> tag, OptionalInt position, String describe)
            throws OciException {
        List<Descriptor> all = index.manifests();
        if (tag.isPresent()) {
            List<Descriptor> matches = index.byRefName(tag.get());
            if (matches.isEmpty()) {
                throw new BlobNotFoundException("image tagged \"" + tag.get() + "\"", describe);
            }
            if (matches.size() > 1) {
                throw new OciException(describe + ": index.json has " + matches.size() + " entries tagged \"" + tag.get() + "\"");
            }
            return matches.get(0);
        }
        if (position.isPresent()) {
            if (position.getAsInt() < 0 || position.getAsInt() >= all.size()) {
                throw new BlobNotFoundException("image @" + position.getAsInt() + " (index.json has " + all.size() + ")", describe);
            }
            return all.get(position.getAsInt());
        }
        if (all.size() != 1) {
            throw new OciException(describe + ": index.json lists " + all.size()
                    + " images; name one with :TAG or @INDEX");
        }
        return all.get(0);
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public Optional<ImageReference> dockerReference() {
        return dockerReference;
    }

    /** The {@code index.json} entry this source reads. */
    public Descriptor topDescriptor() {
        return top;
    }

    @Override
    public ManifestBytes manifest(Optional<Digest> instance) throws IOException {
        Digest digest = instance.orElse(top.digest());
        byte[] bytes = readBlob(digest, ManifestBytes.MAX_SIZE, "manifest");
        String mediaType = instance.isEmpty() && !top.mediaType().isEmpty() ? top.mediaType() : "";
        return mediaType.isEmpty() ? ManifestBytes.guess(bytes) : ManifestBytes.of(bytes, mediaType);
    }

    private byte[] readBlob(Digest digest, int limit, String what) throws IOException {
        String path = "blobs/" + digest.encodedPath();
        byte[] bytes = files.readSmall(path, limit).orElseThrow(() -> new BlobNotFoundException(what + " " + digest, describe));
        digest.verify(bytes, describe + " " + what + " " + digest);
        return bytes;
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        String path = "blobs/" + blob.digest().encodedPath();
        InputStream in = files.open(path).orElseThrow(() -> new BlobNotFoundException("blob " + blob.digest(), describe));
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
