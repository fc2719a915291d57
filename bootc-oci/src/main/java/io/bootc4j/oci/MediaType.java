package io.bootc4j.oci;

import java.util.Locale;
import java.util.Set;

/**
 * Media type strings of the OCI image spec and Docker's schema 2
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/media-types.md">media-types.md</a>),
 * with predicates that classify them. Unknown media types are legal everywhere; these helpers
 * simply answer false for them.
 */
public final class MediaType {

    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_TAR = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_GZIP = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_ZSTD = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String DOCKER_FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar";
    public static final String DOCKER_FOREIGN_LAYER_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /** The layer media type of cosign signature attachments (and their payloads). */
    public static final String COSIGN_SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";

    /** The four manifest types a client should request, in containers/image's preference order. */
    public static final Set<String> MODERN_MANIFEST_TYPES = Set.of(OCI_MANIFEST, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX);

    private MediaType() {
    }

    /** Drops parameters ({@code ; charset=…}) and whitespace, lower-cases the type. */
    public static String normalize(String mediaType) {
        int semi = mediaType.indexOf(';');
        return (semi < 0 ? mediaType : mediaType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /** An OCI index or a Docker manifest list. */
    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    /** An OCI image manifest or a Docker schema 2 manifest. */
    public static boolean isImageManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    /** A Docker schema 1 manifest, which this library refuses. */
    public static boolean isSchema1(String mediaType) {
        return DOCKER_SCHEMA1.equals(mediaType) || DOCKER_SCHEMA1_SIGNED.equals(mediaType);
    }

    /** A layer type declared gzip-compressed. */
    public static boolean isGzipLayer(String mediaType) {
        return OCI_LAYER_GZIP.equals(mediaType) || DOCKER_LAYER_GZIP.equals(mediaType)
                || OCI_LAYER_NONDISTRIBUTABLE_GZIP.equals(mediaType) || DOCKER_FOREIGN_LAYER_GZIP.equals(mediaType);
    }

    /** A layer type declared zstd-compressed. */
    public static boolean isZstdLayer(String mediaType) {
        return OCI_LAYER_ZSTD.equals(mediaType) || OCI_LAYER_NONDISTRIBUTABLE_ZSTD.equals(mediaType);
    }

    /** A layer type of the OCI or Docker specs, compressed or not (foreign ones included). */
    public static boolean isLayer(String mediaType) {
        return mediaType != null && (mediaType.startsWith("application/vnd.oci.image.layer.")
                || mediaType.startsWith("application/vnd.docker.image.rootfs."));
    }
}
