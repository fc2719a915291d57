package io.bootc4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Interop({"docker-registry", "skopeo"})
class RegistryServerInteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Skopeo SKOPEO = new Skopeo();

    @TempDir
    static Path shared;
    static OciImage image;

    @BeforeAll
    static void buildImage() {
        Path tree = TestTrees.realisticContainerRootfs(shared.resolve("rootfs"), 7);
        image = OciImages.fromDirectory(tree, shared.resolve("layout"), "v1");
    }

    static Stream<RegistryServer.Auth> everyAuthMode() {
        return Stream.of(RegistryServer.Auth.none(), RegistryServer.Auth.basic("alice", "open sesame"),
                RegistryServer.Auth.bearer("bob", "s3cret:with:colons"));
    }

    @ParameterizedTest
    @MethodSource("everyAuthMode")
    void skopeoPushesAnImageAndReadsItBackUnderEachAuthMode(RegistryServer.Auth auth) throws IOException {
        try (RegistryServer registry = RegistryServer.start(auth)) {
            String ref = "docker://" + registry.host() + "/bootc4j/os:v1";
            SKOPEO.copy(image.reference(), ref, Skopeo.destOptions(registry)).assertSuccess();

            JsonNode inspected = JSON.readTree(SKOPEO.inspect(ref, Skopeo.options(registry)).assertSuccess().stdout());
            assertThat(inspected.path("Digest").asText()).isEqualTo(image.digest());
            assertThat(inspected.path("Layers").get(0).asText()).isEqualTo(image.layers().get(0).digest());
            String raw = SKOPEO.inspect(ref, with(Skopeo.options(registry), "--raw")).assertSuccess().stdout();
            assertThat(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(Files.readAllBytes(image.blob(image.digest())));
            assertThat(registry.storage().resolve("docker/registry/v2/blobs/sha256")).isDirectory();
            if (auth.kind() == RegistryServer.Auth.Kind.BEARER) {
                assertThat(registry.tokenRequests()).isPositive();
                assertThat(registry.tokenScopes()).contains("repository:bootc4j/os:pull,push", "repository:bootc4j/os:pull");
            } else {
                assertThat(registry.tokenRequests()).isZero();
            }
        }
    }

    @Test
    void basicAuthRejectsWrongCredentialsAndAnonymousClients() {
        try (RegistryServer registry = RegistryServer.start(RegistryServer.Auth.basic("alice", "right"))) {
            String ref = "docker://" + registry.host() + "/os:v1";
            SKOPEO.copy(image.reference(), ref, Skopeo.destOptions(registry)).assertSuccess();

            ProcessResult wrong = SKOPEO.inspect(ref, "--tls-verify=false", "--creds=alice:wrong");
            assertThat(wrong.exitCode()).isNotZero();
            assertThat(wrong.stderr()).contains("unauthorized");
            ProcessResult anonymous = SKOPEO.inspect(ref, "--tls-verify=false", "--no-creds");
            assertThat(anonymous.exitCode()).isNotZero();
            assertThat(anonymous.stderr()).contains("unauthorized");
        }
    }

    @Test
    void bearerAuthRejectsWrongCredentialsAtTheTokenEndpoint() {
        try (RegistryServer registry = RegistryServer.start(RegistryServer.Auth.bearer("bob", "right"))) {
            String ref = "docker://" + registry.host() + "/os:v1";
            SKOPEO.copy(image.reference(), ref, Skopeo.destOptions(registry)).assertSuccess();
            int before = registry.tokenRequests();

            ProcessResult wrong = SKOPEO.inspect(ref, "--tls-verify=false", "--creds=bob:wrong");
            assertThat(wrong.exitCode()).isNotZero();
            assertThat(wrong.stderr()).contains("unable to retrieve auth token");
            assertThat(registry.tokenRequests()).isGreaterThan(before);
        }
    }

    @Test
    void bearerAuthGivesAnonymousClientsNoRightsUnlessAnonymousPullIsAllowed() {
        try (RegistryServer closed = RegistryServer.start(RegistryServer.Auth.bearer("bob", "pw"));
             RegistryServer open = RegistryServer.start(RegistryServer.Auth.bearer("bob", "pw").withAnonymousPull())) {
            for (RegistryServer registry : List.of(closed, open)) {
                SKOPEO.copy(image.reference(), "docker://" + registry.host() + "/os:v1", Skopeo.destOptions(registry))
                        .assertSuccess();
            }
            ProcessResult denied = SKOPEO.inspect("docker://" + closed.host() + "/os:v1", "--tls-verify=false", "--no-creds");
            assertThat(denied.exitCode()).isNotZero();
            assertThat(denied.stderr()).containsAnyOf("unauthorized", "authentication required");

            SKOPEO.inspect("docker://" + open.host() + "/os:v1", "--tls-verify=false", "--no-creds").assertSuccess();
            ProcessResult anonymousPush = SKOPEO.copy(image.reference(), "docker://" + open.host() + "/os:v2",
                    "--dest-tls-verify=false", "--dest-no-creds");
            assertThat(anonymousPush.exitCode()).isNotZero();
        }
    }

    @Test
    void writtenAuthFileIsAcceptedBySkopeo(@TempDir Path dir) {
        try (RegistryServer registry = RegistryServer.start(RegistryServer.Auth.basic("carol", "pw"))) {
            Path authFile = registry.writeAuthFile(dir.resolve("containers/auth.json"));
            SKOPEO.copy(image.reference(), "docker://" + registry.host() + "/os:v1", "--dest-tls-verify=false",
                    "--authfile=" + authFile).assertSuccess();
            SKOPEO.inspect("docker://" + registry.host() + "/os:v1", "--tls-verify=false", "--authfile=" + authFile)
                    .assertSuccess();
        }
    }

    @Test
    void skopeoExchangesAnIdentityTokenFromTheAuthFileForAccess(@TempDir Path dir) {
        try (RegistryServer registry = RegistryServer.start(RegistryServer.Auth.bearer("dave", "pw"))) {
            String ref = "docker://" + registry.host() + "/os:v1";
            SKOPEO.copy(image.reference(), ref, Skopeo.destOptions(registry)).assertSuccess();
            Path good = registry.writeIdentityTokenAuthFile(dir.resolve("good.json"));
            // The file holds no password, so only the refresh-token grant can succeed.
            SKOPEO.inspect(ref, "--tls-verify=false", "--authfile=" + good).assertSuccess();

            Path forged = dir.resolve("forged.json");
            String text = readString(good).replace(registry.identityToken().orElseThrow(), "not-the-token");
            writeString(forged, text);
            ProcessResult rejected = SKOPEO.inspect(ref, "--tls-verify=false", "--authfile=" + forged);
            assertThat(rejected.exitCode()).isNotZero();
            assertThat(rejected.stderr()).contains("unknown refresh token");
        }
    }

    @Test
    void tokenLifetimeSetsExpiresInAndTheExpiryClaim() throws Exception {
        java.time.Duration lifetime = java.time.Duration.ofSeconds(7);
        try (RegistryServer registry = RegistryServer.start(
                RegistryServer.Auth.bearer("erin", "pw").withTokenLifetime(lifetime))) {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create(registry.tokenRealm().orElseThrow()
                                    + "?service=bootc4j-test-registry&scope=repository:os:pull"))
                            .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                    "erin:pw".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("expires_in").asLong()).isEqualTo(7);
            String[] jwt = body.path("token").asText().split("\\.");
            JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt[1]));
            assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(7);
            assertThat(claims.path("access").get(0).path("actions").get(0).asText()).isEqualTo("pull");
            JsonNode header = JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt[0]));
            assertThat(header.path("kid").asText()).matches("([A-Z2-7]{4}:){11}[A-Z2-7]{4}");
        }
    }

    @Test
    void multiArchIndexWithAZstdLayerRoundTripsThroughTheRegistry(@TempDir Path dir) throws IOException {
        Path tree = TestTrees.everyKind(dir.resolve("tree"), 3);
        Path layout = dir.resolve("layout");
        OciImage amd64 = OciImages.builder(layout).layer(tree).build(null);
        OciImage arm64 = OciImages.builder(layout).layer(tree).platform("linux", "arm64")
                .compression(OciImages.Compression.ZSTD).build(null);
        OciImage index = OciImages.index(layout, "multi", List.of(amd64, arm64));

        try (RegistryServer registry = RegistryServer.start(RegistryServer.Auth.none())) {
            String ref = "docker://" + registry.host() + "/multi:latest";
            SKOPEO.copy(index.reference(), ref, "--all", "--dest-tls-verify=false").assertSuccess();
            JsonNode raw = JSON.readTree(SKOPEO.inspect(ref, "--raw", "--tls-verify=false").assertSuccess().stdout());
            assertThat(raw.path("mediaType").asText()).isEqualTo(OciImages.INDEX_MEDIA_TYPE);
            assertThat(raw.path("manifests").findValuesAsText("architecture")).containsExactly("amd64", "arm64");

            Path back = dir.resolve("back");
            SKOPEO.run("--override-arch=arm64", "copy", "--src-tls-verify=false", ref, "oci:" + back + ":arm")
                    .assertSuccess();
            byte[] layer = Files.readAllBytes(back.resolve("blobs/sha256/" + arm64.layers().get(0).digest().substring(7)));
            assertThat(layer).startsWith(0x28, 0xb5, 0x2f, 0xfd);
        }
    }

    @Test
    void closeStopsTheRegistryAndDeletesItsStorage() throws IOException {
        RegistryServer registry = RegistryServer.start(RegistryServer.Auth.none());
        Path storage = registry.storage();
        URI ping = URI.create(registry.url() + "/v2/");
        assertThat(status(ping)).isEqualTo(200);

        registry.close();

        assertThat(storage).doesNotExist();
        assertThat(storage.getParent()).doesNotExist();
        try {
            status(ping);
            throw new AssertionError("registry still answers after close");
        } catch (IOException expected) {
            assertThat(expected).isInstanceOf(java.net.ConnectException.class);
        }
    }

    @Test
    void authModesAnswerThePingWithTheirChallenge() throws IOException {
        try (RegistryServer basic = RegistryServer.start(RegistryServer.Auth.basic("u", "p"));
             RegistryServer bearer = RegistryServer.start(RegistryServer.Auth.bearer("u", "p"))) {
            HttpURLConnection c = (HttpURLConnection) URI.create(basic.url() + "/v2/").toURL().openConnection();
            assertThat(c.getResponseCode()).isEqualTo(401);
            assertThat(c.getHeaderField("WWW-Authenticate")).startsWith("Basic ");
            c = (HttpURLConnection) URI.create(bearer.url() + "/v2/").toURL().openConnection();
            assertThat(c.getResponseCode()).isEqualTo(401);
            assertThat(c.getHeaderField("WWW-Authenticate"))
                    .startsWith("Bearer ")
                    .contains("realm=\"" + bearer.tokenRealm().orElseThrow() + "\"")
                    .contains("service=\"bootc4j-test-registry\"");
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeString(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int status(URI uri) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout(1000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    private static String[] with(String[] options, String... more) {
        List<String> all = new ArrayList<>(List.of(options));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
