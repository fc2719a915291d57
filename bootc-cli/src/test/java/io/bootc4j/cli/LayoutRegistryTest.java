package io.bootc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootc4j.testing.OciImage;
import io.bootc4j.testing.OciImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The registry API {@link LayoutRegistry} serves, spoken to over a raw socket so that every path
 * reaches the server exactly as written (no client normalizes {@code ../} or escapes away).
 */
class LayoutRegistryTest {

    @TempDir
    Path tmp;
    OciImage image;
    LayoutRegistry registry;

    /** One HTTP answer; header names lower-cased. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        String errorCode() throws IOException {
            return new ObjectMapper().readTree(body).path("errors").path(0).path("code").asText();
        }
    }

    @BeforeEach
    void serve() throws IOException {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("hostname"), "box\n");
        image = OciImages.fromDirectory(tmp.resolve("rootfs"), tmp.resolve("layout"), "v1");
        Files.writeString(tmp.resolve("secret"), "not a blob\n");
        registry = LayoutRegistry.serve(tmp.resolve("layout"), "cds/image");
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void pingAnswersAsARegistryV2() throws IOException {
        Answer a = request("GET", "/v2/");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.headers()).containsEntry("docker-distribution-api-version", "registry/2.0");
    }

    @Test
    void manifestByTagIsTheExactBytesWithItsMediaTypeAndDigest() throws IOException {
        Answer a = request("GET", "/v2/cds/image/manifests/v1");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo(Files.readAllBytes(image.blob(image.digest())));
        assertThat(a.headers()).containsEntry("content-type", OciImages.MANIFEST_MEDIA_TYPE)
                .containsEntry("docker-content-digest", image.digest())
                .containsEntry("content-length", Long.toString(image.size()));
    }

    @Test
    void headOfAManifestByDigestGivesItsSizeWithoutABody() throws IOException {
        Answer a = request("HEAD", "/v2/cds/image/manifests/" + image.digest());

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEmpty();
        assertThat(a.headers()).containsEntry("content-length", Long.toString(image.size()))
                .containsEntry("docker-content-digest", image.digest());
    }

    @Test
    void blobIsTheLayoutFileAsOctetStream() throws IOException {
        OciImage.Layer layer = image.layers().get(0);

        Answer get = request("GET", "/v2/cds/image/blobs/" + layer.digest());
        Answer head = request("HEAD", "/v2/cds/image/blobs/" + image.configDigest());

        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(Files.readAllBytes(image.blob(layer.digest())));
        assertThat(get.headers()).containsEntry("content-type", "application/octet-stream")
                .containsEntry("content-length", Long.toString(layer.size()));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers()).containsEntry("content-length",
                Long.toString(Files.size(image.blob(image.configDigest()))));
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource({
        "GET, /v2/cds/image/blobs/../../../secret, 400, DIGEST_INVALID",
        "GET, /v2/cds/image/blobs/sha256:../../../secret, 400, DIGEST_INVALID",
        "GET, /v2/cds/image/blobs/sha256:%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret, 400, DIGEST_INVALID",
        "GET, /v2/cds/image/blobs/sha256:ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ, 400, DIGEST_INVALID",
        "GET, /v2/cds/image/blobs/sha512:00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000, 400, DIGEST_INVALID",
        "GET, /v2/cds/image/blobs/sha256:0000000000000000000000000000000000000000000000000000000000000000, 404, BLOB_UNKNOWN",
        "GET, /v2/cds/image/manifests/../../index.json, 404, MANIFEST_UNKNOWN",
        "GET, /v2/cds/image/manifests/latest, 404, MANIFEST_UNKNOWN",
        "GET, /v2/cds/image/manifests/sha256:../../index.json, 400, DIGEST_INVALID",
        "GET, /v2/cds/image/manifests/sha256:0000000000000000000000000000000000000000000000000000000000000000, 404, MANIFEST_UNKNOWN",
        "GET, /v2/other/image/manifests/v1, 404, NAME_UNKNOWN",
        "GET, /v2/../layout/index.json, 404, NAME_UNKNOWN",
        "GET, /v2/cds/image/tags/list, 404, NOT_FOUND",
        "DELETE, /v2/cds/image/manifests/v1, 405, UNSUPPORTED",
        "POST, /v2/cds/image/blobs/uploads/, 405, UNSUPPORTED",
    })
    void hostileOrUnknownRequestsGetARegistryError(String method, String path, int status, String code) throws IOException {
        Answer a = request(method, path);

        assertThat(a.status()).as(path).isEqualTo(status);
        assertThat(a.errorCode()).as(path).isEqualTo(code);
        assertThat(new String(a.body(), StandardCharsets.UTF_8)).doesNotContain("not a blob");
    }

    @Test
    void aLayerBlobIsNotServedAsAManifest() throws IOException {
        Answer a = request("GET", "/v2/cds/image/manifests/" + image.layers().get(0).digest());

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.errorCode()).isEqualTo("MANIFEST_UNKNOWN");
    }

    /** One HTTP/1.1 request on its own connection, read to the server's close. */
    private Answer request(String method, String path) throws IOException {
        String[] hostPort = registry.host().split(":");
        try (Socket s = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + registry.host()
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] all = in.readAllBytes();
            int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(), lines[i].substring(colon + 1).strip());
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers,
                    Arrays.copyOfRange(all, end + 4, all.length));
        }
    }

    private static int indexOf(byte[] data, byte[] needle) {
        for (int i = 0; i + needle.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("no end of headers in " + new String(data, StandardCharsets.ISO_8859_1));
    }
}
