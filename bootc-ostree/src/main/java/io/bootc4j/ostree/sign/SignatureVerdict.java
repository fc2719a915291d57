package io.bootc4j.ostree.sign;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of checking the signatures in detached metadata against trusted keys: the
 * signatures that verified and, for every one that did not (or when none were present), why.
 * Accepted when at least one signature verified, as ostree requires.
 */
public record SignatureVerdict(List<GoodSignature> good, List<String> problems) {

    /** A signature that verified: its scheme ({@code "ed25519"}, {@code "gpg"}), the key, the time it claims. */
    public record GoodSignature(String scheme, String keyId, Optional<Instant> created) {
        public GoodSignature {
            Objects.requireNonNull(scheme, "scheme");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(created, "created");
        }
    }

    public SignatureVerdict {
        good = List.copyOf(good);
        problems = List.copyOf(problems);
    }

    public boolean accepted() {
        return !good.isEmpty();
    }

    /**
     * Returns this verdict when accepted.
     *
     * @param what names the signed object in the exception message, e.g. {@code "commit 1a2b…"}
     * @throws SignatureRejectedException carrying {@link #problems()} otherwise
     */
    public SignatureVerdict requireAccepted(String what) throws SignatureRejectedException {
        if (!accepted()) {
            throw new SignatureRejectedException(what, problems);
        }
        return this;
    }
}
