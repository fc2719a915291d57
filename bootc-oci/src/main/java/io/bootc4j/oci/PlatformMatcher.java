package io.bootc4j.oci;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses an instance from an index the way containers/image does
 * ({@code internal/pkg/platform/platform_matcher.go}): an ordered list of wanted
 * (os, architecture, variant) triples is built from the wanted platform and the variant
 * compatibility table ({@code arm: v8 v7 v6 v5}, {@code arm64: v8}); an entry matches when all
 * three fields are equal; the best match is the one earliest in the wanted list, then earliest
 * in the index. OCI entries without a platform remain candidates, ranked after every match.
 * Immutable and thread-safe.
 */
public final class PlatformMatcher {

    private static final Map<String, List<String>> COMPATIBLE_VARIANTS = Map.of(
            "arm", List.of("v8", "v7", "v6", "v5"),
            "arm64", List.of("v8"));

    private final Platform wanted;
    private final List<Platform> candidates;

    private PlatformMatcher(Platform wanted) {
        this.wanted = wanted;
        this.candidates = buildCandidates(wanted);
    }

    /** Matches {@code wanted}; an empty variant means "no preference". */
    public static PlatformMatcher of(Platform wanted) {
        return new PlatformMatcher(Objects.requireNonNull(wanted, "wanted"));
    }

    /**
     * The host platform with skopeo's {@code --override-os/--override-arch/--override-variant}
     * applied (each empty when not given).
     */
    public static PlatformMatcher withOverrides(Optional<String> os, Optional<String> architecture, Optional<String> variant) {
        Platform p = Platform.current();
        if (os.isPresent()) {
            p = p.withOs(os.get());
        }
        if (architecture.isPresent()) {
            p = p.withArchitecture(architecture.get()).withVariant("");
        }
        if (variant.isPresent()) {
            p = p.withVariant(variant.get());
        }
        return of(p);
    }

    private static List<Platform> buildCandidates(Platform w) {
        List<String> variants = new ArrayList<>();
        List<String> compatible = COMPATIBLE_VARIANTS.get(w.architecture());
        if (!w.variant().isEmpty()) {
            int i = compatible == null ? -1 : compatible.indexOf(w.variant());
            if (i >= 0) {
                variants.addAll(compatible.subList(i, compatible.size()));
            } else {
                variants.add(w.variant());
            }
            variants.add("");
        } else {
            variants.add("");
            if (compatible != null) {
                variants.addAll(compatible);
            }
        }
        List<Platform> out = new ArrayList<>();
        for (String v : variants) {
            out.add(Platform.of(w.os(), w.architecture(), v));
        }
        return List.copyOf(out);
    }

    public Platform wanted() {
        return wanted;
    }

    /** The wanted (os, architecture, variant) triples, best first. */
    public List<Platform> wantedPlatforms() {
        return candidates;
    }

    /** True when {@code platform} equals one of the wanted triples. */
    public boolean matches(Platform platform) {
        return rank(platform) >= 0;
    }

    private int rank(Platform p) {
        for (int i = 0; i < candidates.size(); i++) {
            Platform c = candidates.get(i);
            if (c.os().equals(p.os()) && c.architecture().equals(p.architecture()) && c.variant().equals(p.variant())) {
                return i;
            }
        }
        return -1;
    }

    /** The best entry of {@code manifests}, or empty when none matches. */
    public Optional<Descriptor> choose(List<Descriptor> manifests) {
        Descriptor best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Descriptor d : manifests) {
            int r = d.platform().map(this::rank).orElse(candidates.size());
            if (r >= 0 && r < bestRank) {
                best = d;
                bestRank = r;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The best entry of {@code index}.
     *
     * @throws OciException naming the wanted platform and those available when none matches
     */
    public Descriptor choose(ImageIndex index) throws OciException {
        return choose(index.manifests()).orElseThrow(() -> new OciException("no image found in "
                + (index.mediaType().isEmpty() ? "index" : index.mediaType()) + " " + index.digest()
                + " for platform " + wanted + "; available: "
                + index.manifests().stream().map(d -> d.platform().map(Platform::toString).orElse("(none)")).toList()));
    }
}
