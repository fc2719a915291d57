package io.bootc4j.oci.internal.local;

import io.bootc4j.oci.BlobNotFoundException;
import io.bootc4j.oci.Descriptor;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.DigestingInputStream;
import io.bootc4j.oci.ImageReference;
import io.bootc4j.oci.ImageSource;
import io.bootc4j.oci.ManifestBytes;
import io.bootc4j.oci.OciException;
import io.bootc4j.oci.SignatureBlob;
import io.bootc4j.oci.internal.SignatureBlobCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads skopeo's {@code dir:} format: {@code manifest.json} (and {@code HEX.manifest.json} per
 * instance), blobs named by the hex digest, {@code signature-N} (and {@code HEX.signature-N}),
 * and a {@code version} file. The manifest's media type is guessed from its JSON, as
 * containers/image does for this transport.
 */
public final class DirSource implements ImageSource {

    /** Per-file limit for signatures, as in containers/image. */
    static final int MAX_SIGNATURE = 4 * 1024 * 1024;

    private final Path dir;
    private final FileTree files;
    private final String describe;

    private DirSource(Path dir, String describe) {
        this.dir = dir;
        this.files = new DirectoryFileTree(dir, describe);
        this.describe = describe;
    }

    public static DirSource open(Path dir, String describe) throws OciException {
        if (!Files.isDirectory(dir)) {
            throw new OciException(describe + ": no such directory");
        }
        return new DirSource(dir, describe);
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public Optional<ImageReference> dockerReference() {
        return Optional.empty();
    }

    @Override
    public ManifestBytes manifest(Optional<Digest> instance) throws IOException {
        String name = instance.map(d -> d.hex() + ".manifest.json").orElse("manifest.json");
        byte[] bytes = files.readSmall(name, ManifestBytes.MAX_SIZE)
                .orElseThrow(() -> new BlobNotFoundException(instance.map(d -> "manifest " + d).orElse("manifest.json"), describe));
        if (instance.isPresent()) {
            instance.get().verify(bytes, describe + " " + name);
        }
        return ManifestBytes.guess(bytes);
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        InputStream in = files.open(blob.digest().hex())
                .orElseThrow(() -> new BlobNotFoundException("blob " + blob.digest(), describe));
        return DigestingInputStream.verifying(in, blob.digest(), blob.size(), describe + " blob");
    }

    @Override
    public List<SignatureBlob> signatures(Optional<Digest> instance) throws IOException {
        String prefix = instance.map(d -> d.hex() + ".signature-").orElse("signature-");
        List<SignatureBlob> out = new ArrayList<>();
        for (int i = 1; ; i++) {
            Optional<byte[]> bytes = files.readSmall(prefix + i, MAX_SIGNATURE);
            if (bytes.isEmpty()) {
                return out;
            }
            out.add(SignatureBlobCodec.decode(bytes.get(), describe + " " + prefix + i));
        }
    }

    /** The directory read. */
    public Path directory() {
        return dir;
    }

    @Override
    public void close() {
        // files are opened per call
    }
}
