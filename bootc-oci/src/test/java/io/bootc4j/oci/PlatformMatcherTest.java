package io.bootc4j.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlatformMatcherTest {

    static Descriptor entry(int n, String platform) {
        Digest d = Digest.sha256(new byte[] {(byte) n});
        Descriptor base = Descriptor.of(MediaType.OCI_MANIFEST, d, n);
        return platform == null ? base : base.withPlatform(Platform.parse(platform));
    }

    @Test
    void wantedListWithoutVariantPrefersEmptyVariantThenCompatibleOnes() {
        assertThat(PlatformMatcher.of(Platform.of("linux", "arm")).wantedPlatforms()).extracting(Platform::toString)
                .containsExactly("linux/arm", "linux/arm/v8", "linux/arm/v7", "linux/arm/v6", "linux/arm/v5");
    }

    @Test
    void wantedListWithVariantWalksDownTheCompatibilityTable() {
        assertThat(PlatformMatcher.of(Platform.of("linux", "arm", "v7")).wantedPlatforms()).extracting(Platform::toString)
                .containsExactly("linux/arm/v7", "linux/arm/v6", "linux/arm/v5", "linux/arm");
        assertThat(PlatformMatcher.of(Platform.of("linux", "amd64", "v3")).wantedPlatforms()).extracting(Platform::toString)
                .containsExactly("linux/amd64/v3", "linux/amd64");
    }

    @Test
    void chooseTakesTheBestRankedThenEarliestEntry() {
        List<Descriptor> index = List.of(entry(1, "linux/amd64"), entry(2, "linux/arm64/v8"), entry(3, "linux/arm64"),
                entry(4, "linux/arm64"));
        assertThat(PlatformMatcher.of(Platform.of("linux", "arm64")).choose(index)).contains(index.get(2));
        assertThat(PlatformMatcher.of(Platform.of("linux", "arm64", "v8")).choose(index)).contains(index.get(1));
        assertThat(PlatformMatcher.of(Platform.of("linux", "s390x")).choose(index)).isEmpty();
    }

    @Test
    void entriesWithoutPlatformRankAfterEveryMatch() {
        List<Descriptor> index = List.of(entry(1, null), entry(2, "linux/amd64"));
        assertThat(PlatformMatcher.of(Platform.of("linux", "amd64")).choose(index)).contains(index.get(1));
        assertThat(PlatformMatcher.of(Platform.of("linux", "ppc64le")).choose(index)).contains(index.get(0));
    }

    @Test
    void overridesReplaceHostArchitectureAndOs() {
        PlatformMatcher m = PlatformMatcher.withOverrides(Optional.of("linux"), Optional.of("arm64"), Optional.empty());
        assertThat(m.wanted()).isEqualTo(Platform.of("linux", "arm64"));
        assertThat(PlatformMatcher.withOverrides(Optional.empty(), Optional.of("arm"), Optional.of("v6")).wanted().variant())
                .isEqualTo("v6");
    }

    @Test
    void platformStringRoundTrips() {
        assertThat(Platform.parse("linux/arm64/v8")).isEqualTo(Platform.of("linux", "arm64", "v8"));
        assertThat(Platform.parse("linux/amd64")).hasToString("linux/amd64");
        assertThat(Platform.tryParse("linux")).isEmpty();
        assertThat(Platform.tryParse("linux//v8")).isEmpty();
    }
}
