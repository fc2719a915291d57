package io.bootc4j.oci.internal.local;

import io.bootc4j.oci.Descriptor;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.ImageDestination;
import io.bootc4j.oci.ManifestBytes;
import io.bootc4j.oci.OciException;
import io.bootc4j.oci.SignatureBlob;
import io.bootc4j.oci.internal.SignatureBlobCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes skopeo's {@code dir:} format. Like containers/image, an existing directory is reused
 * only when it is empty or already holds a {@code dir:} image (whose contents are removed first);
 * any other non-empty directory is refused.
 */
public final class DirDestination implements ImageDestination {

    static final String VERSION = "Directory Transport Version: 1.1\n";

    private final Path dir;
    private final String describe;

    private DirDestination(Path dir, String describe) {
        this.dir = dir;
        this.describe = describe;
    }

    public static DirDestination open(Path dir, String describe) throws IOException {
        if (Files.isDirectory(dir)) {
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty) {
                Path version = dir.resolve("version");
                String v = Files.isRegularFile(version) ? Files.readString(version, StandardCharsets.UTF_8) : "";
                if (!v.startsWith("Directory Transport Version: ")) {
                    throw new OciException(describe + ": non-empty directory does not contain a dir: image; refusing to overwrite it");
                }
                clear(dir);
            }
        } else {
            Files.createDirectories(dir);
        }
        AtomicFiles.write(dir.resolve("version"), VERSION.getBytes(StandardCharsets.UTF_8));
        return new DirDestination(dir, describe);
    }

    private static void clear(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public boolean hasBlob(Digest digest) {
        return Files.isRegularFile(dir.resolve(digest.hex()));
    }

    @Override
    public Descriptor putBlob(InputStream content, String mediaType) throws IOException {
        AtomicFiles.Written w = AtomicFiles.writeStream(dir, content, d -> dir.resolve(d.hex()), n -> { });
        return Descriptor.of(mediaType, w.digest(), w.size());
    }

    @Override
    public void putManifest(ManifestBytes manifest, Optional<Digest> instance) throws IOException {
        String name = instance.map(d -> d.hex() + ".manifest.json").orElse("manifest.json");
        AtomicFiles.write(dir.resolve(name), manifest.bytes());
    }

    @Override
    public void putSignatures(List<SignatureBlob> signatures, Optional<Digest> instance) throws IOException {
        String prefix = instance.map(d -> d.hex() + ".signature-").orElse("signature-");
        for (int i = 0; i < signatures.size(); i++) {
            AtomicFiles.write(dir.resolve(prefix + (i + 1)), SignatureBlobCodec.encode(signatures.get(i)));
        }
        for (int i = signatures.size() + 1; Files.deleteIfExists(dir.resolve(prefix + i)); i++) {
            // drop stale signatures left by an earlier image
        }
    }

    @Override
    public void commit() {
        // every file is complete once written
    }

    @Override
    public void close() {
        // nothing held open
    }
}
