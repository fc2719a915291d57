/** A content-addressed, thread- and process-safe on-disk cache of verified blobs. */
package io.bootc4j.oci.cache;
