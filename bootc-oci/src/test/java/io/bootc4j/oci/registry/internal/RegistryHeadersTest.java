package io.bootc4j.oci.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.oci.registry.internal.WwwAuthenticate.Challenge;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** WWW-Authenticate, Retry-After and Warning header parsing. */
class RegistryHeadersTest {

    @Test
    void parsesDockerHubBearerChallenge() {
        List<Challenge> c = WwwAuthenticate.parse(List.of(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\""));
        assertThat(c).containsExactly(new Challenge("bearer", Map.of("realm", "https://auth.docker.io/token",
                "service", "registry.docker.io", "scope", "repository:library/busybox:pull")));
    }

    @Test
    void parsesSeveralChallengesWithTokensQuotedCommasAndEscapes() {
        List<Challenge> c = WwwAuthenticate.parse(List.of(
                "Basic realm=\"a, \\\"b\\\"\", Bearer Realm=https://x/t , error=insufficient_scope", "Negotiate"));
        assertThat(c).extracting(Challenge::scheme).containsExactly("basic", "bearer", "negotiate");
        assertThat(c.get(0).param("realm")).contains("a, \"b\"");
        assertThat(c.get(1).params()).isEqualTo(Map.of("realm", "https://x/t", "error", "insufficient_scope"));
    }

    @Test
    void emptyHeaderHasNoChallenges() {
        assertThat(WwwAuthenticate.parse(List.of("", "  ,  "))).isEmpty();
    }

    @Property
    void anyHeaderParsesWithoutThrowing(@ForAll String header) {
        assertThat(WwwAuthenticate.parse(List.of(header))).isNotNull();
    }

    @Test
    void retryAfterTakesSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(RetryAfter.parse("7", now)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("Thu, 01 Jan 2026 00:00:30 GMT", now)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Wed, 31 Dec 2025 23:00:00 GMT", now)).isEmpty();
        assertThat(RetryAfter.parse("-3", now)).isEmpty();
        assertThat(RetryAfter.parse("soon", now)).isEqualTo(Optional.empty());
        assertThat(RetryAfter.parse(null, now)).isEmpty();
    }

    @Test
    void onlyWellFormed299WarningsAreShown() {
        assertThat(RegistryWarnings.parse("299 - \"this image is deprecated\"")).contains("this image is deprecated");
        assertThat(RegistryWarnings.parse("299 - \"say \\\"hi\\\"\"")).contains("say \"hi\"");
        assertThat(RegistryWarnings.parse("199 - \"misc\"")).isEmpty();
        assertThat(RegistryWarnings.parse("299 - \"bell\u0007\"")).isEmpty();
        assertThat(RegistryWarnings.parse("299 - \"\"")).isEmpty();
        assertThat(RegistryWarnings.parse("299 - unquoted")).isEmpty();
    }
}
