package io.bootc4j.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.oci.BlobNotFoundException;
import io.bootc4j.oci.Descriptor;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.DigestMismatchException;
import io.bootc4j.oci.ManifestFormatException;
import io.bootc4j.oci.MediaType;
import io.bootc4j.oci.OciException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;

/** Protocol edge cases against a scripted HTTP server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryProtocolTest {

    private final FakeRegistry fake = new FakeRegistry();
    private final FakeRegistry other = new FakeRegistry();
    private final List<Duration> sleeps = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void reset() {
        fake.reset();
        other.reset();
        sleeps.clear();
    }

    @AfterAll
    void stop() {
        fake.close();
        other.close();
    }

    private RegistryClient.Builder client() {
        return RegistryClient.builder().insecureRegistry(fake.host()).insecureRegistry(other.host()).sleeper(sleeps::add)
                .insecureTlsPingTimeout(Duration.ofMillis(300));
    }

    private PullSource source() {
        return new PullSource(fake.host(), "a/b", true, false);
    }

    private static byte[] blobBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\","
            + "\"config\":{\"mediaType\":\"" + MediaType.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(new byte[0]) + "\",\"size\":0},"
            + "\"layers\":[]}";

    @Test
    void manifestBytesAreKeptExactlyAndDigestedAsReceived() throws IOException {
        byte[] body = ("  " + MANIFEST + "\n").getBytes(StandardCharsets.UTF_8);
        fake.on("/v2/a/b/manifests/t", ex -> FakeRegistry.respond(ex, 200, MediaType.OCI_MANIFEST + "; charset=utf-8", body));
        var m = client().build().manifest(source(), "t");
        assertThat(m.bytes()).isEqualTo(body);
        assertThat(m.digest()).isEqualTo(Digest.sha256(body));
        assertThat(m.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
    }

    @Test
    void manifestRequestAcceptsTheFourModernTypes() throws IOException {
        AtomicReference<List<String>> accept = new AtomicReference<>();
        fake.on("/v2/a/b/manifests/t", ex -> {
            accept.set(ex.getRequestHeaders().get("Accept"));
            FakeRegistry.respond(ex, 200, MediaType.OCI_MANIFEST, MANIFEST.getBytes());
        });
        client().build().manifest(source(), "t");
        assertThat(String.join(",", accept.get())).contains(MediaType.OCI_MANIFEST, MediaType.OCI_INDEX,
                MediaType.DOCKER_MANIFEST, MediaType.DOCKER_MANIFEST_LIST).doesNotContain("v1+prettyjws");
    }

    @Test
    void manifestFetchedByDigestMustHashToIt() {
        Digest wanted = Digest.sha256("something else".getBytes());
        fake.on("/v2/a/b/manifests/" + wanted, ex -> FakeRegistry.respond(ex, 200, MediaType.OCI_MANIFEST, MANIFEST.getBytes()));
        assertThatThrownBy(() -> client().build().manifest(source(), wanted.toString()))
                .isInstanceOf(DigestMismatchException.class).hasMessageContaining(wanted.toString());
    }

    @Test
    void dockerContentDigestHeaderThatLiesIsRejected() {
        fake.on("/v2/a/b/manifests/t", ex -> {
            ex.getResponseHeaders().set("Docker-Content-Digest", Digest.sha256("x".getBytes()).toString());
            FakeRegistry.respond(ex, 200, MediaType.OCI_MANIFEST, MANIFEST.getBytes());
        });
        assertThatThrownBy(() -> client().build().manifest(source(), "t"))
                .isInstanceOf(DigestMismatchException.class).hasMessageContaining("Docker-Content-Digest");
    }

    @Test
    void bodyMediaTypeDifferentFromContentTypeIsRejected() {
        fake.on("/v2/a/b/manifests/t", ex -> FakeRegistry.respond(ex, 200, MediaType.DOCKER_MANIFEST, MANIFEST.getBytes()));
        assertThatThrownBy(() -> client().build().manifest(source(), "t"))
                .isInstanceOf(ManifestFormatException.class).hasMessageContaining("differs from Content-Type");
    }

    @Test
    void schema1ManifestIsRefused() {
        fake.on("/v2/a/b/manifests/t", ex -> FakeRegistry.respond(ex, 200, MediaType.DOCKER_SCHEMA1_SIGNED, "{\"schemaVersion\":1}".getBytes()));
        assertThatThrownBy(() -> client().build().manifest(source(), "t"))
                .isInstanceOf(ManifestFormatException.class).hasMessageContaining("schema 1");
    }

    @Test
    void missingContentTypeIsGuessedFromTheBody() throws IOException {
        fake.on("/v2/a/b/manifests/t", ex -> FakeRegistry.respond(ex, 200, "application/json", MANIFEST.getBytes()));
        assertThat(client().build().manifest(source(), "t").mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
    }

    @Test
    void oversizedManifestIsRefused() {
        byte[] big = new byte[5 << 20];
        java.util.Arrays.fill(big, (byte) ' ');
        fake.on("/v2/a/b/manifests/t", ex -> FakeRegistry.respond(ex, 200, MediaType.OCI_MANIFEST, big));
        assertThatThrownBy(() -> client().build().manifest(source(), "t")).isInstanceOf(OciException.class)
                .hasMessageContaining("larger than");
    }

    @Test
    void unknownManifestIsEmptyOrNotFoundAndErrorBodiesAreParsed() throws IOException {
        fake.on("/v2/a/b/manifests/gone", ex -> FakeRegistry.respond(ex, 404, "application/json",
                "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}".getBytes()));
        fake.on("/v2/a/b/manifests/denied", ex -> FakeRegistry.respond(ex, 403, "application/json",
                "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}".getBytes()));
        RegistryClient c = client().build();
        assertThat(c.findManifest(source(), "gone")).isEmpty();
        assertThatThrownBy(() -> c.manifest(source(), "gone")).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> c.manifest(source(), "denied")).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.code()).isEqualTo("DENIED");
            assertThat(e.registryMessage()).contains("denied");
            assertThat(e.getMessage()).contains(fake.host() + "/a/b manifest \"denied\"");
        });
    }

    /** Sends {@code body} but only the first {@code cut} bytes, then drops the connection. */
    private static void truncated(com.sun.net.httpserver.HttpExchange ex, byte[] body, int cut) throws IOException {
        ex.sendResponseHeaders(200, body.length);
        OutputStream out = ex.getResponseBody();
        out.write(body, 0, cut);
        out.flush();
        // Closing the exchange without the remaining bytes makes the client see an early EOF.
        ex.getHttpContext().getServer();
        throw new IOException("simulated connection drop");
    }

    @Test
    void brokenDownloadResumesWithRangeAndAMatchingContentRange() throws IOException {
        byte[] blob = blobBytes(300_000);
        Digest d = Digest.sha256(blob);
        AtomicInteger calls = new AtomicInteger();
        fake.on("/v2/a/b/blobs/" + d, ex -> {
            String range = ex.getRequestHeaders().getFirst("Range");
            if (calls.getAndIncrement() == 0) {
                truncated(ex, blob, 100_000);
            }
            int from = Integer.parseInt(range.substring(6, range.length() - 1));
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (blob.length - 1) + "/" + blob.length);
            ex.sendResponseHeaders(206, blob.length - from);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(blob, from, blob.length - from);
            }
        });
        try (InputStream in = client().build().openBlob(source(), Descriptor.of(MediaType.OCI_LAYER_GZIP, d, blob.length))) {
            assertThat(in.readAllBytes()).isEqualTo(blob);
        }
        assertThat(fake.requestsTo("/v2/a/b/blobs/" + d)).extracting(FakeRegistry.Request::range)
                .hasSize(2).first().isNull();
        assertThat(fake.requestsTo("/v2/a/b/blobs/" + d).get(1).range()).matches("bytes=[0-9]+-");
    }

    @Test
    void resumeAnsweredWithTheWrongContentRangeFails() {
        byte[] blob = blobBytes(200_000);
        Digest d = Digest.sha256(blob);
        AtomicInteger calls = new AtomicInteger();
        fake.on("/v2/a/b/blobs/" + d, ex -> {
            if (calls.getAndIncrement() == 0) {
                truncated(ex, blob, 50_000);
            }
            ex.getResponseHeaders().set("Content-Range", "bytes 0-" + (blob.length - 1) + "/" + blob.length);
            ex.sendResponseHeaders(206, blob.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(blob);
            }
        });
        assertThatThrownBy(() -> {
            try (InputStream in = client().build().openBlob(source(), Descriptor.of(MediaType.OCI_LAYER_GZIP, d, blob.length))) {
                in.readAllBytes();
            }
        }).isInstanceOf(OciException.class).hasMessageContaining("Content-Range bytes 0-").hasMessageContaining(d.toString());
    }

    @Test
    void serverIgnoringRangeRestartsAndDiscardsWhatWasAlreadyDelivered() throws IOException {
        byte[] blob = blobBytes(200_000);
        Digest d = Digest.sha256(blob);
        AtomicInteger calls = new AtomicInteger();
        fake.on("/v2/a/b/blobs/" + d, ex -> {
            if (calls.getAndIncrement() == 0) {
                truncated(ex, blob, 70_000);
            }
            FakeRegistry.respond(ex, 200, "application/octet-stream", blob);
        });
        try (InputStream in = client().build().openBlob(source(), Descriptor.of(MediaType.OCI_LAYER_GZIP, d, blob.length))) {
            assertThat(in.readAllBytes()).isEqualTo(blob);
        }
    }

    @Test
    void redirectToAnotherHostDropsAuthorizationButSameHostKeepsIt() throws IOException {
        byte[] blob = blobBytes(1000);
        Digest d = Digest.sha256(blob);
        Digest d2 = Digest.sha256(blob(2));
        fake.on("/v2/", ex -> {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fake\"");
            FakeRegistry.respond(ex, 401, null, new byte[0]);
        });
        fake.on("/v2/a/b/blobs/" + d, ex -> {
            ex.getResponseHeaders().set("Location", "http://" + other.host() + "/cdn/blob?sig=1");
            FakeRegistry.respond(ex, 307, null, new byte[0]);
        });
        other.on("/cdn/blob", ex -> FakeRegistry.respond(ex, 200, "application/octet-stream", blob));
        fake.on("/v2/a/b/blobs/" + d2, ex -> {
            ex.getResponseHeaders().set("Location", "/local/blob");
            FakeRegistry.respond(ex, 308, null, new byte[0]);
        });
        fake.on("/local/blob", ex -> FakeRegistry.respond(ex, 200, "application/octet-stream", blob(2)));
        RegistryClient c = client().credentials(CredentialSource.of(Map.of(fake.host(), Credential.basic("u", "p")))).build();
        try (InputStream in = c.openBlob(source(), Descriptor.of(MediaType.OCI_LAYER_GZIP, d, blob.length))) {
            assertThat(in.readAllBytes()).isEqualTo(blob);
        }
        try (InputStream in = c.openBlob(source(), Descriptor.of(MediaType.OCI_LAYER_GZIP, d2, 2))) {
            assertThat(in.readAllBytes()).hasSize(2);
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString("u:p".getBytes());
        assertThat(fake.requestsTo("/v2/a/b/blobs/" + d).get(0).authorization()).isEqualTo(basic);
        assertThat(other.requestsTo("/cdn/blob").get(0).authorization()).isNull();
        assertThat(other.requestsTo("/cdn/blob").get(0).query()).isEqualTo("sig=1");
        assertThat(fake.requestsTo("/local/blob").get(0).authorization()).isEqualTo(basic);
    }

    private static byte[] blob(int n) {
        return new byte[n];
    }

    private void tokenServer(AtomicInteger issued, int expiresIn) {
        fake.on("/v2/", ex -> {
            ex.getResponseHeaders().set("WWW-Authenticate",
                    "Bearer realm=\"http://" + other.host() + "/token\",service=\"fake-registry\",scope=\"registry:catalog:*\"");
            FakeRegistry.respond(ex, 401, null, new byte[0]);
        });
        other.on("/token", ex -> {
            int n = issued.incrementAndGet();
            FakeRegistry.respond(ex, 200, "application/json",
                    ("{\"access_token\":\"tok-" + n + "\",\"expires_in\":" + expiresIn + "}").getBytes());
        });
        fake.on("/v2/a/b/manifests/t", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer tok-")) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + other.host() + "/token\"");
                FakeRegistry.respond(ex, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes());
                return;
            }
            FakeRegistry.respond(ex, 200, MediaType.OCI_MANIFEST, MANIFEST.getBytes());
        });
    }

    @Test
    void bearerTokenIsRequestedWithServiceScopeAndAccountAndCachedForItsLifetime() throws IOException {
        AtomicInteger issued = new AtomicInteger();
        tokenServer(issued, 120);
        MutableClock clock = new MutableClock();
        RegistryClient c = client().clock(clock).credentials(CredentialSource.of(Map.of(fake.host(), Credential.basic("alice", "pw"))))
                .build();
        c.manifest(source(), "t");
        c.manifest(source(), "t");
        assertThat(issued).hasValue(1);
        FakeRegistry.Request tokenRequest = other.requestsTo("/token").get(0);
        assertThat(tokenRequest.query()).contains("service=fake-registry", "scope=repository%3Aa%2Fb%3Apull", "account=alice");
        assertThat(tokenRequest.authorization()).isEqualTo("Basic " + Base64.getEncoder().encodeToString("alice:pw".getBytes()));
        assertThat(fake.requestsTo("/v2/a/b/manifests/t").get(1).authorization()).isEqualTo("Bearer tok-1");
        clock.advance(Duration.ofSeconds(121));
        c.manifest(source(), "t");
        assertThat(issued).hasValue(2);
        assertThat(fake.requestsTo("/v2/a/b/manifests/t").get(2).authorization()).isEqualTo("Bearer tok-2");
    }

    @Test
    void anonymousTokenRequestCarriesNoCredentials() throws IOException {
        AtomicInteger issued = new AtomicInteger();
        tokenServer(issued, 0);
        client().build().manifest(source(), "t");
        FakeRegistry.Request tokenRequest = other.requestsTo("/token").get(0);
        assertThat(tokenRequest.authorization()).isNull();
        assertThat(tokenRequest.query()).doesNotContain("account=");
    }

    @Test
    void identityTokenIsExchangedWithAnOAuth2RefreshPost() throws IOException {
        AtomicReference<String> form = new AtomicReference<>();
        fake.on("/v2/", ex -> {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + other.host() + "/oauth\",service=\"svc\"");
            FakeRegistry.respond(ex, 401, null, new byte[0]);
        });
        other.on("/oauth", ex -> {
            form.set(ex.getRequestMethod() + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            FakeRegistry.respond(ex, 200, "application/json", "{\"token\":\"tok-1\"}".getBytes());
        });
        fake.on("/v2/a/b/manifests/t", ex -> FakeRegistry.respond(ex, 200, MediaType.OCI_MANIFEST, MANIFEST.getBytes()));
        client().credentials(CredentialSource.of(Map.of(fake.host(), Credential.identityToken("", "refresh-me")))).build()
                .manifest(source(), "t");
        assertThat(form.get()).startsWith("POST ").contains("grant_type=refresh_token", "refresh_token=refresh-me",
                "service=svc", "scope=repository%3Aa%2Fb%3Apull");
    }

    @Test
    void referrersFallBackToTheTagSchemaWhenTheApiIsMissing() throws IOException {
        Digest subject = Digest.sha256("image".getBytes());
        String bundle = "application/vnd.dev.sigstore.bundle.v0.3+json";
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX + "\",\"manifests\":["
                + "{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"" + Digest.sha256("r1".getBytes())
                + "\",\"size\":2,\"artifactType\":\"" + bundle + "\"},"
                + "{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"" + Digest.sha256("r2".getBytes())
                + "\",\"size\":2,\"artifactType\":\"application/spdx+json\"}]}";
        fake.on("/v2/a/b/manifests/sha256-" + subject.hex(), ex -> FakeRegistry.respond(ex, 200, MediaType.OCI_INDEX, index.getBytes()));
        RegistryClient c = client().build();
        assertThat(c.referrers(source(), subject, Optional.of(bundle))).extracting(Descriptor::digest)
                .containsExactly(Digest.sha256("r1".getBytes()));
        assertThat(c.referrers(source(), subject, Optional.empty())).hasSize(2);
        assertThat(fake.requestsTo("/v2/a/b/referrers/" + subject)).hasSize(2);
    }

    @Test
    void referrersApiAnswerIsUsedDirectly() throws IOException {
        Digest subject = Digest.sha256("image".getBytes());
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX + "\",\"manifests\":[]}";
        fake.on("/v2/a/b/referrers/" + subject, ex -> FakeRegistry.respond(ex, 200, MediaType.OCI_INDEX, index.getBytes()));
        assertThat(client().build().referrers(source(), subject, Optional.empty())).isEmpty();
        assertThat(fake.requestsTo("/v2/a/b/manifests/sha256-" + subject.hex())).isEmpty();
    }

    @Test
    void tlsIsRequiredForRegistriesNotMarkedInsecure() throws IOException {
        RegistryClient c = RegistryClient.builder().sleeper(sleeps::add).timeout(Duration.ofMillis(500)).build();
        assertThatThrownBy(() -> c.manifest(new PullSource(fake.host(), "a/b", false, false), "t"))
                .isInstanceOf(OciException.class).hasMessageContaining("ping https://" + fake.host());
    }

    @Test
    void insufficientScopeIsRetriedOnceWithTheExtraScope() throws IOException {
        AtomicInteger issued = new AtomicInteger();
        fake.on("/v2/", ex -> {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + other.host() + "/token\",service=\"svc\"");
            FakeRegistry.respond(ex, 401, null, new byte[0]);
        });
        other.on("/token", ex -> FakeRegistry.respond(ex, 200, "application/json",
                ("{\"token\":\"tok-" + issued.incrementAndGet() + "\"}").getBytes()));
        fake.on("/v2/a/b/manifests/t", ex -> {
            if (!"Bearer tok-2".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + other.host()
                        + "/token\",service=\"svc\",scope=\"repository:base/img:pull\",error=\"insufficient_scope\"");
                FakeRegistry.respond(ex, 401, "application/json", "{\"errors\":[{\"code\":\"DENIED\"}]}".getBytes());
                return;
            }
            FakeRegistry.respond(ex, 200, MediaType.OCI_MANIFEST, MANIFEST.getBytes());
        });
        client().build().manifest(source(), "t");
        assertThat(other.requestsTo("/token")).hasSize(2);
        assertThat(other.requestsTo("/token").get(1).query()).contains("scope=repository%3Aa%2Fb%3Apull",
                "scope=repository%3Abase%2Fimg%3Apull");
    }

    private RegistriesConf mirrorConf() throws RegistryConfigException {
        return RegistriesConf.parse("[[registry]]\nprefix = \"" + fake.host() + "/a\"\nlocation = \"" + fake.host() + "/a\"\n"
                + "insecure = true\n[[registry.mirror]]\nlocation = \"" + other.host() + "/cache\"\ninsecure = true\n", "mirrors.conf");
    }

    @Test
    void mirrorIsTriedFirstAndServesManifestAndBlobs() throws IOException {
        byte[] layer = blobBytes(500);
        Digest ld = Digest.sha256(layer);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaType.OCI_CONFIG + "\",\"digest\":\"" + ld + "\",\"size\":500},\"layers\":[]}";
        other.on("/v2/cache/b/manifests/t", ex -> FakeRegistry.respond(ex, 200, MediaType.OCI_MANIFEST, manifest.getBytes()));
        other.on("/v2/cache/b/blobs/" + ld, ex -> FakeRegistry.respond(ex, 200, "application/octet-stream", layer));
        RegistryClient c = client().registries(mirrorConf()).build();
        try (RegistryImageSource src = c.open(io.bootc4j.oci.ImageReference.parse(fake.host() + "/a/b:t"))) {
            assertThat(src.source()).isEqualTo(new PullSource(other.host(), "cache/b", true, true));
            try (InputStream in = src.openBlob(Descriptor.of(MediaType.OCI_CONFIG, ld, 500))) {
                assertThat(in.readAllBytes()).isEqualTo(layer);
            }
        }
        assertThat(fake.requestsTo("/v2/a/b/manifests/t")).isEmpty();
    }

    @Test
    void mirrorWithoutTheImageFallsBackToThePrimary() throws IOException {
        fake.on("/v2/a/b/manifests/t", ex -> FakeRegistry.respond(ex, 200, MediaType.OCI_MANIFEST, MANIFEST.getBytes()));
        RegistryClient c = client().registries(mirrorConf()).build();
        try (RegistryImageSource src = c.open(io.bootc4j.oci.ImageReference.parse(fake.host() + "/a/b:t"))) {
            assertThat(src.source().mirror()).isFalse();
            assertThat(src.describe()).isEqualTo("docker://" + fake.host() + "/a/b:t");
        }
        assertThat(other.requestsTo("/v2/cache/b/manifests/t")).hasSize(1);
    }

    @Test
    void imageMissingEverywhereNamesEverySource() throws IOException {
        RegistryClient c = client().registries(mirrorConf()).build();
        assertThatThrownBy(() -> c.open(io.bootc4j.oci.ImageReference.parse(fake.host() + "/a/b:t")))
                .hasMessageContaining(other.host() + "/cache/b").hasMessageContaining(fake.host() + "/a/b");
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
