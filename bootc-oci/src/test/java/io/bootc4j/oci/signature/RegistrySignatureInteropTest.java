package io.bootc4j.oci.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.ImageReference;
import io.bootc4j.oci.OciException;
import io.bootc4j.oci.registry.RegistryClient;
import io.bootc4j.oci.registry.RegistryImageSource;
import io.bootc4j.testing.Gpg;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OciImages;
import io.bootc4j.testing.RegistryServer;
import io.bootc4j.testing.Skopeo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker:// images in a real registry: GPG signatures pushed by skopeo into a lookaside
 * directory (read back over file:// and loopback HTTP through registries.d), and cosign
 * signatures attached with the {@code sha256-HEX.sig} tag.
 */
@Interop({"docker-registry", "skopeo", "gpg"})
class RegistrySignatureInteropTest {

    static Path work;
    static RegistryServer registry;
    static Gpg gpg;
    static String fpr;
    static Path publicKey;
    static Path sigstore;
    static Path layout;
    static String image;
    static Digest manifest;

    @TempDir
    Path tmp;

    @BeforeAll
    static void pushASignedImage() throws IOException {
        work = Files.createTempDirectory("bootc4j-registry-sig-");
        registry = RegistryServer.start(RegistryServer.Auth.none());
        gpg = Gpg.create();
        fpr = gpg.generateKey("Registry Signer", "registry@example.com");
        publicKey = Files.write(work.resolve("signer.gpg"), gpg.exportPublicKey(fpr));
        Path rootfs = Files.createDirectories(work.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("hostname"), "signed\n");
        layout = work.resolve("layout");
        OciImages.fromDirectory(work.resolve("rootfs"), layout, "v1");
        sigstore = Files.createDirectories(work.resolve("sigstore"));
        Path registriesD = work.resolve("registries.d");
        Skopeo.writeLookasideConfig(registriesD, registry.host(), sigstore);
        image = registry.host() + "/acme/os:42";
        new Skopeo().withEnv(gpg.env()).withRegistriesD(registriesD)
                .copy("oci:" + layout + ":v1", "docker://" + image, concat(Skopeo.destOptions(registry), "--sign-by", fpr))
                .assertSuccess();
        String raw = new Skopeo().inspect("docker://" + image, concat(Skopeo.options(registry), "--raw")).assertSuccess().stdout();
        manifest = Digest.sha256(raw.getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
        if (gpg != null) {
            gpg.close();
        }
        if (work != null) {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    SignaturePolicy gpgPolicy() throws PolicyFormatException {
        String json = "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker\":{\"" + registry.host() + "/acme\":"
                + "[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"" + publicKey + "\"}]}}}";
        return SignaturePolicy.parse(json.getBytes(StandardCharsets.UTF_8), "policy.json");
    }

    PolicyVerdict evaluate(SignaturePolicy policy, RegistriesD registriesD, String ref) throws IOException {
        RegistryClient client = RegistryClient.builder().tlsVerify(false).build();
        try (RegistryImageSource src = client.open(ImageReference.parse(ref))) {
            return PolicyEvaluator.builder(policy).registriesD(registriesD).build().evaluate(src);
        }
    }

    RegistriesD lookaside(String url) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("registries.d"));
        Files.writeString(dir.resolve("lookaside.yaml"), "docker:\n  " + registry.host() + "/acme:\n    lookaside: " + url + "\n");
        return RegistriesD.load(dir);
    }

    @Test
    void skopeoWroteTheSignatureInTheLookasideLayout() {
        assertThat(sigstore.resolve("acme/os@sha256=" + manifest.hex() + "/signature-1")).isRegularFile();
    }

    @Test
    void gpgSignatureIsReadFromAFileLookaside() throws IOException {
        PolicyVerdict v = evaluate(gpgPolicy(), lookaside(sigstore.toUri().toString()), image);
        assertThat(v.accepted()).as(v.toJson()).isTrue();
        assertThat(v.scope()).isEqualTo("transports.docker[\"" + registry.host() + "/acme\"]");
        assertThat(v.requirements().get(0).signatures().get(0).origin())
                .endsWith("/acme/os@sha256=" + manifest.hex() + "/signature-1");
    }

    @Test
    void digestReferenceIsAcceptedByTheRepositoryOfATagSignature() throws IOException {
        String byDigest = registry.host() + "/acme/os@" + manifest;
        assertThat(evaluate(gpgPolicy(), lookaside(sigstore.toUri().toString()), byDigest).accepted()).isTrue();
    }

    @Test
    void anotherTagOfTheSameManifestIsRejectedByTheDefaultMatcher() throws IOException {
        new Skopeo().copy("docker://" + image, "docker://" + registry.host() + "/acme/os:43",
                concat(Skopeo.srcOptions(registry), concat(Skopeo.destOptions(registry), "--remove-signatures"))).assertSuccess();
        PolicyVerdict v = evaluate(gpgPolicy(), lookaside(sigstore.toUri().toString()), registry.host() + "/acme/os:43");
        assertThat(v.accepted()).isFalse();
        assertThat(v.firstRejection().orElseThrow().reason()).contains("signature for identity \"" + image + "\" is not accepted");
    }

    @Test
    void gpgSignatureIsReadFromAnHttpLookasideAndA404EndsTheList() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = serve(sigstore, requests, 0);
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/sigs";
            PolicyVerdict v = evaluate(gpgPolicy(), lookaside(url), image);
            assertThat(v.accepted()).as(v.toJson()).isTrue();
            assertThat(requests.get()).isEqualTo(2);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void emptyLookasideMeansNoSignature() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        PolicyVerdict v = evaluate(gpgPolicy(), lookaside(empty.toUri().toString()), image);
        assertThat(v.firstRejection().orElseThrow().reason()).isEqualTo("A signature was required, but no signature exists");
    }

    @Test
    void lookasideServerErrorIsAFailureNotARejection() throws IOException {
        HttpServer server = serve(sigstore, new AtomicInteger(), 500);
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/sigs";
            assertThatThrownBy(() -> evaluate(gpgPolicy(), lookaside(url), image))
                    .isInstanceOf(OciException.class).hasMessageContaining("HTTP status 500");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void cosignAttachmentIsUsedOnlyWhenRegistriesDEnablesIt() throws IOException {
        KeyPair key = CosignFixture.newKey();
        Path pub = Files.writeString(tmp.resolve("cosign.pub"), CosignFixture.publicKeyPem(key));
        byte[] payload = CosignFixture.payload(manifest, registry.host() + "/acme/os");
        String sig = Base64.getEncoder().encodeToString(CosignFixture.sign(key.getPrivate(), payload));
        pushSigstoreAttachment(payload, sig);
        String json = "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\"" + pub + "\","
                + "\"signedIdentity\":{\"type\":\"matchRepository\"}}]}";
        SignaturePolicy policy = SignaturePolicy.parse(json.getBytes(StandardCharsets.UTF_8), "policy.json");
        Path dir = Files.createDirectories(tmp.resolve("rd"));
        assertThat(evaluate(policy, RegistriesD.load(dir), image).accepted()).isFalse();
        Files.writeString(dir.resolve("sigstore.yaml"), "default-docker:\n  use-sigstore-attachments: true\n");
        PolicyVerdict v = evaluate(policy, RegistriesD.load(dir), image);
        assertThat(v.accepted()).as(v.toJson()).isTrue();
    }

    @Test
    void cosignV3BundleIsFoundThroughTheReferrersTagSchemaAndVerified() throws Exception {
        KeyPair key = CosignFixture.newKey();
        Path pub = Files.writeString(tmp.resolve("bundle.pub"), CosignFixture.publicKeyPem(key));
        String json = "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\"" + pub + "\","
                + "\"signedIdentity\":{\"type\":\"matchRepository\"}}]}";
        SignaturePolicy policy = SignaturePolicy.parse(json.getBytes(StandardCharsets.UTF_8), "policy.json");
        Path dir = Files.createDirectories(tmp.resolve("rd"));
        Files.writeString(dir.resolve("sigstore.yaml"), "default-docker:\n  use-sigstore-attachments: true\n");

        pushBundleReferrer(bundle(key, "https://sigstore.dev/cosign/sign/v1"));
        PolicyVerdict v = evaluate(policy, RegistriesD.load(dir), image);
        assertThat(v.accepted()).as(v.toJson()).isTrue();
        assertThat(v.requirements().get(0).signatures()).anySatisfy(s -> {
            assertThat(s.format()).isEqualTo("sigstore-bundle");
            assertThat(s.accepted()).isTrue();
        });

        pushBundleReferrer(bundle(key, "https://spdx.dev/Document"));
        PolicyVerdict attestation = evaluate(policy, RegistriesD.load(dir), image);
        assertThat(attestation.accepted()).isFalse();
        assertThat(attestation.firstRejection().orElseThrow().reason()).contains("is an attestation, not a cosign signature");

        pushBundleReferrer(bundle(CosignFixture.newKey(), "https://sigstore.dev/cosign/sign/v1"));
        assertThat(evaluate(policy, RegistriesD.load(dir), image).firstRejection().orElseThrow().reason())
                .contains("DSSE signature verification failed");
    }

    /** A cosign v3 bundle: DSSE over an in-toto Statement whose subject is the pushed manifest. */
    byte[] bundle(KeyPair key, String predicateType) {
        String statement = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"" + registry.host()
                + "/acme/os\",\"digest\":{\"sha256\":\"" + manifest.hex() + "\"}}],\"predicateType\":\"" + predicateType
                + "\",\"predicate\":{}}";
        byte[] body = statement.getBytes(StandardCharsets.UTF_8);
        String type = "application/vnd.in-toto+json";
        byte[] pae = ("DSSEv1 " + type.length() + " " + type + " " + body.length + " " + statement).getBytes(StandardCharsets.UTF_8);
        String sig = Base64.getEncoder().encodeToString(CosignFixture.sign(key.getPrivate(), pae));
        return ("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"publicKey\":"
                + "{\"hint\":\"test\"}},\"dsseEnvelope\":{\"payload\":\"" + Base64.getEncoder().encodeToString(body)
                + "\",\"payloadType\":\"" + type + "\",\"signatures\":[{\"sig\":\"" + sig + "\",\"keyid\":\"\"}]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Pushes {@code bundle} as an OCI 1.1 referrer of the image and (docker-registry 2.8 has no
     * referrers API) replaces the {@code sha256-HEX} tag-schema index with one naming it.
     */
    void pushBundleReferrer(byte[] bundle) throws Exception {
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        putBlob(empty);
        putBlob(bundle);
        String m = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":"
                + "\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
                + "\"digest\":\"" + Digest.sha256(empty) + "\",\"size\":2},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"digest\":\"" + Digest.sha256(bundle) + "\",\"size\":"
                + bundle.length + "}],\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                + manifest + "\",\"size\":1}}";
        byte[] mb = m.getBytes(StandardCharsets.UTF_8);
        putManifest(Digest.sha256(mb).toString(), mb, "application/vnd.oci.image.manifest.v1+json");
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{"
                + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + Digest.sha256(mb) + "\",\"size\":"
                + mb.length + ",\"artifactType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"}]}";
        putManifest("sha256-" + manifest.hex(), index.getBytes(StandardCharsets.UTF_8), "application/vnd.oci.image.index.v1+json");
    }

    void putBlob(byte[] blob) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        var start = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(registry.url() + "/v2/acme/os/blobs/uploads/"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).as(start.body()).isEqualTo(202);
        String location = java.net.URI.create(registry.url() + "/").resolve(start.headers().firstValue("Location").orElseThrow()).toString();
        var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(location + (location.contains("?") ? "&" : "?")
                + "digest=" + Digest.sha256(blob))).header("Content-Type", "application/octet-stream")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(blob)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    void putManifest(String reference, byte[] body, String mediaType) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(registry.url() + "/v2/acme/os/manifests/" + reference))
                .header("Content-Type", mediaType).PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** Writes a cosign {@code .sig} manifest into an OCI layout and lets skopeo push it by tag, digests preserved. */
    void pushSigstoreAttachment(byte[] payload, String signatureB64) throws IOException {
        Path l = tmp.resolve("sig-layout");
        Path blobs = Files.createDirectories(l.resolve("blobs/sha256"));
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        Digest configDigest = Digest.sha256(config);
        Digest payloadDigest = Digest.sha256(payload);
        Files.write(blobs.resolve(configDigest.hex()), config);
        Files.write(blobs.resolve(payloadDigest.hex()), payload);
        String m = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},"
                + "\"layers\":[{\"mediaType\":\"" + CosignFixture.MIME + "\",\"digest\":\"" + payloadDigest + "\",\"size\":"
                + payload.length + ",\"annotations\":{\"dev.cosignproject.cosign/signature\":\"" + signatureB64 + "\"}}]}";
        byte[] mb = m.getBytes(StandardCharsets.UTF_8);
        Digest md = Digest.sha256(mb);
        Files.write(blobs.resolve(md.hex()), mb);
        Files.writeString(l.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(l.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + md + "\",\"size\":" + mb.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"sig\"}}]}");
        new Skopeo().copy("oci:" + l + ":sig", "docker://" + registry.host() + "/acme/os:sha256-" + manifest.hex() + ".sig",
                concat(Skopeo.destOptions(registry), "--preserve-digests")).assertSuccess();
    }

    /** Serves {@code root} under {@code /sigs}; {@code status} other than 0 answers every request with it. */
    static HttpServer serve(Path root, AtomicInteger requests, int status) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sigs/", exchange -> {
            requests.incrementAndGet();
            Path file = root.resolve(exchange.getRequestURI().getPath().substring("/sigs/".length())).normalize();
            try (exchange) {
                if (status != 0) {
                    exchange.sendResponseHeaders(status, -1);
                } else if (file.startsWith(root) && Files.isRegularFile(file)) {
                    byte[] body = Files.readAllBytes(file);
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            }
        });
        server.start();
        return server;
    }
}
