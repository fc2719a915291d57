package io.bootc4j.oci.signature.internal;

import io.bootc4j.oci.SignatureBlob;

/** A signature found for an image, and where it was found (for the verdict). */
public record CandidateSignature(String origin, SignatureBlob blob) {}
