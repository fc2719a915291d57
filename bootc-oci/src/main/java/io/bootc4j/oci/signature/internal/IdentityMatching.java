package io.bootc4j.oci.signature.internal;

import io.bootc4j.oci.ImageReference;
import io.bootc4j.oci.signature.SignedIdentity;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code signedIdentity} rules of containers/image's {@code policy_reference_match.go}: how
 * the reference a signature claims is compared with the reference of the image being checked.
 * Both are normalised ({@code busybox} ≡ {@code docker.io/library/busybox}); no default tag is
 * ever added.
 */
public final class IdentityMatching {

    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
                    + "(?::[0-9]+)?");

    private IdentityMatching() {}

    /**
     * True when a signature claiming {@code signed} satisfies {@code identity} for an image whose
     * Docker reference is {@code image} (empty for transports without one, such as {@code dir:}
     * and {@code oci:}, where only the {@code exact*} matchers can succeed).
     */
    public static boolean matches(SignedIdentity identity, Optional<ImageReference> image, String signed) {
        Optional<ImageReference> sig = ImageReference.tryParse(signed);
        if (sig.isEmpty()) {
            return false;
        }
        ImageReference s = sig.get();
        if (identity instanceof SignedIdentity.MatchExact) {
            return image.filter(i -> !nameOnly(i) && !nameOnly(s) && i.toString().equals(s.toString())).isPresent();
        }
        if (identity instanceof SignedIdentity.MatchRepoDigestOrExact) {
            return image.filter(i -> repoDigestOrExact(i, s)).isPresent();
        }
        if (identity instanceof SignedIdentity.MatchRepository) {
            return image.filter(i -> i.name().equals(s.name())).isPresent();
        }
        if (identity instanceof SignedIdentity.ExactReference e) {
            ImageReference want = ImageReference.parse(e.dockerReference());
            return !nameOnly(want) && !nameOnly(s) && want.toString().equals(s.toString());
        }
        if (identity instanceof SignedIdentity.ExactRepository e) {
            return ImageReference.parse(e.dockerRepository()).name().equals(s.name());
        }
        if (identity instanceof SignedIdentity.RemapIdentity r) {
            return image.flatMap(i -> remap(r, i)).filter(i -> repoDigestOrExact(i, s)).isPresent();
        }
        throw new IllegalStateException("unknown identity matcher " + identity);
    }

    private static boolean repoDigestOrExact(ImageReference image, ImageReference sig) {
        if (nameOnly(sig)) {
            return false;
        }
        if (image.tag().isPresent()) {
            return image.toString().equals(sig.toString());
        }
        if (image.digest().isPresent()) {
            // The signature's digest is checked against the manifest separately; here only the
            // repository has to agree.
            return image.name().equals(sig.name());
        }
        return false;
    }

    /**
     * Replaces the first {@code prefix} of the image's full reference with {@code signedPrefix}
     * (only at a whole-component boundary); empty when the result is not a valid reference.
     */
    static Optional<ImageReference> remap(SignedIdentity.RemapIdentity r, ImageReference image) {
        String text = image.toString();
        if (text.equals(r.prefix())) {
            return ImageReference.tryParse(r.signedPrefix());
        }
        if (text.startsWith(r.prefix() + "/")) {
            return ImageReference.tryParse(r.signedPrefix() + text.substring(r.prefix().length()));
        }
        return Optional.of(image);
    }

    private static boolean nameOnly(ImageReference r) {
        return r.tag().isEmpty() && r.digest().isEmpty();
    }

    /** Null when valid, else why {@code exactReference.dockerReference} is not acceptable. */
    public static String validateExactReference(String text) {
        Optional<ImageReference> r = ImageReference.tryParse(text);
        if (r.isEmpty()) {
            return "invalid docker reference \"" + text + "\"";
        }
        if (nameOnly(r.get())) {
            return "docker reference \"" + text + "\" contains neither a tag nor a digest";
        }
        return null;
    }

    /** Null when valid, else why {@code exactRepository.dockerRepository} is not acceptable. */
    public static String validateRepository(String text) {
        return ImageReference.tryParse(text).isPresent() ? null : "invalid docker repository \"" + text + "\"";
    }

    /**
     * Null when valid, else why a {@code remapIdentity} prefix is not acceptable: it must be a
     * host[:port], or a fully expanded namespace or repository without tag or digest.
     */
    public static String validatePrefix(String text) {
        if (DOMAIN.matcher(text).matches()) {
            return null;
        }
        Optional<ImageReference> r = ImageReference.tryParse(text);
        if (r.isEmpty()) {
            return "invalid prefix \"" + text + "\": not a host[:port], namespace or repository";
        }
        if (!nameOnly(r.get())) {
            return "invalid prefix \"" + text + "\": must not contain a tag or digest";
        }
        if (!r.get().toString().equals(text)) {
            return "invalid prefix \"" + text + "\": must be in fully expanded form (" + r.get() + ")";
        }
        return null;
    }
}
