/**
 * Layer blobs: compression detection ({@link io.bootc4j.oci.layer.Compression}), streaming entries
 * with whiteouts and the diff_id ({@link io.bootc4j.oci.layer.LayerReader}), and safe application of
 * a layer stack to a directory ({@link io.bootc4j.oci.layer.LayerExtractor}).
 */
package io.bootc4j.oci.layer;
