package io.bootc4j.ostree.sign;

import io.bootc4j.ostree.Metadata;

/**
 * Checks the signatures a detached-metadata dictionary holds over some signed bytes: a commit
 * object's exact bytes with its {@code .commitmeta}, or a {@code summary} file with its
 * {@code summary.sig}. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface CommitVerifier {

    /** Never throws for a bad or missing signature: that is a rejected verdict. */
    SignatureVerdict verify(byte[] signedBytes, Metadata detachedMetadata);
}
