package io.bootc4j.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An image (or image index) written into an OCI image layout by {@link OciImages}.
 *
 * @param layout      the layout directory
 * @param tag         its {@code org.opencontainers.image.ref.name} in {@code index.json}, or null when untagged
 * @param mediaType   the manifest's media type (OCI image manifest or OCI image index)
 * @param digest      the manifest's digest, {@code sha256:…}
 * @param size        the manifest's size in bytes
 * @param configDigest the config blob's digest; null for an index
 * @param layers      the layers, in order; empty for an index
 * @param manifests   for an index, the images it lists; empty otherwise
 */
public record OciImage(Path layout, String tag, String mediaType, String digest, long size, String configDigest,
                       List<Layer> layers, List<OciImage> manifests, String os, String architecture) {

    /** One layer blob. {@code diffId} is the digest of the uncompressed tar. */
    public record Layer(String mediaType, String digest, long size, String diffId) {
        public Layer {
            Objects.requireNonNull(digest, "digest");
        }
    }

    public OciImage {
        Objects.requireNonNull(layout, "layout");
        layers = List.copyOf(layers);
        manifests = List.copyOf(manifests);
    }

    /** {@code oci:LAYOUT:TAG}, the skopeo source/destination for this image. */
    public String reference() {
        if (tag == null) {
            throw new IllegalStateException("image " + digest + " in " + layout + " has no tag");
        }
        return "oci:" + layout + ":" + tag;
    }

    /** The blob file of {@code digest} in this layout. */
    public Path blob(String digestText) {
        int colon = digestText.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("digest \"" + digestText + "\": expected ALGORITHM:HEX");
        }
        return layout.resolve("blobs").resolve(digestText.substring(0, colon)).resolve(digestText.substring(colon + 1));
    }

    public boolean isIndex() {
        return OciImages.INDEX_MEDIA_TYPE.equals(mediaType);
    }
}
