package io.bootc4j.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI content descriptor
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md">descriptor.md</a>):
 * what a blob or manifest is, its digest and exact size, plus the optional annotations, platform
 * (index entries), download URLs (foreign layers) and artifact type. Immutable.
 */
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        Map<String, String> annotations,
        Optional<Platform> platform,
        List<String> urls,
        Optional<String> artifactType) {

    /** The annotation that names a tag in an OCI layout's {@code index.json}. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("descriptor " + digest + " has negative size " + size);
        }
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        platform = platform == null ? Optional.empty() : platform;
        urls = urls == null ? List.of() : List.copyOf(urls);
        artifactType = artifactType == null ? Optional.empty() : artifactType;
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, Map.of(), Optional.empty(), List.of(), Optional.empty());
    }

    /** The descriptor of {@code bytes} with this media type. */
    public static Descriptor of(String mediaType, byte[] bytes) {
        return of(mediaType, Digest.sha256(bytes), bytes.length);
    }

    public Descriptor withMediaType(String newMediaType) {
        return new Descriptor(newMediaType, digest, size, annotations, platform, urls, artifactType);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, newAnnotations, platform, urls, artifactType);
    }

    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, digest, size, annotations, Optional.of(newPlatform), urls, artifactType);
    }

    /** The {@code org.opencontainers.image.ref.name} annotation, if present. */
    public Optional<String> refName() {
        return Optional.ofNullable(annotations.get(REF_NAME));
    }
}
