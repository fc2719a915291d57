package io.bootc4j.oci.signature;

import io.bootc4j.oci.OciException;
import java.util.Objects;

/**
 * The trust policy does not allow an image: thrown before any config or layer is fetched. The
 * message names the image, the policy, the failing requirement and why; {@link #verdict()} has
 * every requirement's and signature's outcome.
 */
public final class SignatureRejectedException extends OciException {

    private final transient PolicyVerdict verdict;

    public SignatureRejectedException(PolicyVerdict verdict) {
        super(Objects.requireNonNull(verdict, "verdict").summary());
        if (verdict.accepted()) {
            throw new IllegalArgumentException("verdict accepts " + verdict.image());
        }
        this.verdict = verdict;
    }

    public PolicyVerdict verdict() {
        return verdict;
    }
}
