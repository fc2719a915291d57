package io.bootc4j.oci.signature;

import java.util.Objects;
import java.util.Optional;

/**
 * What one requirement concluded about one signature.
 *
 * @param origin         where the signature came from, e.g. {@code image signature 1} or a lookaside URL
 * @param format         {@code simple-signing} or {@code sigstore}
 * @param accepted       true when this signature satisfies the requirement
 * @param reason         why it was accepted or rejected, in words
 * @param signer         the key that made it (primary OpenPGP fingerprint, or the sigstore key or
 *                       certificate subject), when known
 * @param signedIdentity the Docker reference the signature claims, when its payload was readable
 */
public record SignatureOutcome(String origin, String format, boolean accepted, String reason,
        Optional<String> signer, Optional<String> signedIdentity) {
    public SignatureOutcome {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(signedIdentity, "signedIdentity");
    }
}
