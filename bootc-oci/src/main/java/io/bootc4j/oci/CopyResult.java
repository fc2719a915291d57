package io.bootc4j.oci;

/**
 * What {@link ImageCopy#copy} wrote.
 *
 * @param manifest the top-level manifest now at the destination (exact bytes; its digest
 *     equals the source's, or the chosen instance's when one was selected from an index)
 * @param blobsCopied blobs transferred
 * @param blobsSkipped blobs already present at the destination
 * @param bytesCopied blob bytes transferred
 */
public record CopyResult(ManifestBytes manifest, int blobsCopied, int blobsSkipped, long bytesCopied) {

    public Digest digest() {
        return manifest.digest();
    }
}
