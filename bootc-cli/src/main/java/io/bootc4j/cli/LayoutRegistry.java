package io.bootc4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * One OCI image layout served read-only as a Docker Registry HTTP API v2 repository on a loopback
 * port, with the JDK's own HTTP server: {@code GET /v2/}, {@code GET|HEAD
 * /v2/REPOSITORY/manifests/TAG-OR-DIGEST} and {@code GET|HEAD /v2/REPOSITORY/blobs/DIGEST}. Tags
 * are the {@code org.opencontainers.image.ref.name} annotations of {@code index.json}. Anything
 * else gets a registry-style JSON error: 404 for an unknown repository, tag, manifest or blob, 400
 * for a malformed digest (only {@code sha256:} and 64 lower-case hex digits name a file, so no
 * request reaches outside {@code blobs/sha256/}), 405 for other methods.
 *
 * <p>Just enough registry for {@link CdsTraining} to pull through the real registry client: no
 * authentication, no push, no tag list, no ranges. Thread-safe; {@link #close()} stops it.
 */
final class LayoutRegistry implements AutoCloseable {

    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final String TAG_ANNOTATION = "org.opencontainers.image.ref.name";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path layout;
    private final String repository;
    /** Tag, and digest of every manifest index.json lists, to that manifest's media type and digest. */
    private final Map<String, Manifest> manifests;
    private final HttpServer server;
    private final ExecutorService workers;

    private record Manifest(String digest, String mediaType) { }

    private LayoutRegistry(Path layout, String repository, Map<String, Manifest> manifests) throws IOException {
        this.layout = layout;
        this.repository = repository;
        this.manifests = manifests;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // a few threads, so that the client's parallel blob requests are served in parallel
        this.workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "layout-registry");
            t.setDaemon(true);
            return t;
        });
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    /**
     * Serves {@code layout} as the repository {@code repository} (e.g. {@code cds/image}) on
     * 127.0.0.1 and an unused port.
     *
     * @throws IOException when {@code index.json} cannot be read or the port cannot be bound
     */
    static LayoutRegistry serve(Path layout, String repository) throws IOException {
        Map<String, Manifest> manifests = new HashMap<>();
        for (JsonNode d : JSON.readTree(layout.resolve("index.json").toFile()).path("manifests")) {
            Manifest m = new Manifest(d.path("digest").asText(), d.path("mediaType").asText());
            if (SHA256.matcher(m.digest()).matches() && !m.mediaType().isEmpty()) {
                manifests.put(m.digest(), m);
                String tag = d.path("annotations").path(TAG_ANNOTATION).asText();
                if (!tag.isEmpty() && !tag.contains(":")) {
                    manifests.put(tag, m);
                }
            }
        }
        return new LayoutRegistry(layout, repository, Map.copyOf(manifests));
    }

    /** {@code 127.0.0.1:PORT}, the registry part of a {@code docker://} reference to this server. */
    String host() {
        return server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String prefix = "/v2/" + repository + "/";
            if (!method.equals("GET") && !method.equals("HEAD")) {
                error(exchange, 405, "UNSUPPORTED", method + " " + path + ": this registry is read-only");
            } else if (path.equals("/v2/")) {
                exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
                send(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            } else if (!path.startsWith(prefix)) {
                error(exchange, 404, "NAME_UNKNOWN", path + ": no such repository (only " + repository + ")");
            } else if (path.startsWith(prefix + "manifests/")) {
                manifest(exchange, path.substring((prefix + "manifests/").length()));
            } else if (path.startsWith(prefix + "blobs/")) {
                blob(exchange, path.substring((prefix + "blobs/").length()));
            } else {
                error(exchange, 404, "NOT_FOUND", path + ": no such endpoint");
            }
        }
    }

    private void manifest(HttpExchange exchange, String reference) throws IOException {
        if (reference.contains(":") && !SHA256.matcher(reference).matches()) {
            error(exchange, 400, "DIGEST_INVALID", "manifest reference \"" + reference + "\" is not a sha256 digest");
            return;
        }
        Optional<Manifest> m = Optional.ofNullable(manifests.get(reference));
        if (m.isEmpty() && reference.contains(":")) {
            m = nestedManifest(reference);
        }
        Optional<byte[]> bytes = m.isPresent() ? readBlob(m.get().digest()) : Optional.empty();
        if (bytes.isEmpty()) {
            error(exchange, 404, "MANIFEST_UNKNOWN", "manifest \"" + reference + "\" is not in " + repository);
            return;
        }
        exchange.getResponseHeaders().set("Docker-Content-Digest", m.get().digest());
        send(exchange, 200, m.get().mediaType(), bytes.get());
    }

    /** A manifest index.json does not list (e.g. a platform's manifest under an image index) by its own media type. */
    private Optional<Manifest> nestedManifest(String digest) throws IOException {
        Optional<byte[]> bytes = readBlob(digest);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            String mediaType = JSON.readTree(bytes.get()).path("mediaType").asText();
            return mediaType.isEmpty() ? Optional.empty() : Optional.of(new Manifest(digest, mediaType));
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    private void blob(HttpExchange exchange, String digest) throws IOException {
        if (!SHA256.matcher(digest).matches()) {
            error(exchange, 400, "DIGEST_INVALID", "blob \"" + digest + "\" is not a sha256 digest");
            return;
        }
        Path file = blobPath(digest);
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            error(exchange, 404, "BLOB_UNKNOWN", "blob " + digest + " is not in " + repository);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
        if (exchange.getRequestMethod().equals("HEAD")) {
            headers(exchange, 200, size);
            return;
        }
        exchange.sendResponseHeaders(200, size == 0 ? -1 : size); // 0 would mean "chunked"
        try (OutputStream out = exchange.getResponseBody()) {
            Files.copy(file, out);
        }
    }

    private Optional<byte[]> readBlob(String digest) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(blobPath(digest)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Only for a digest {@link #SHA256} matches: then the path stays in {@code blobs/sha256}. */
    private Path blobPath(String digest) {
        return layout.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        String body = JSON.createObjectNode().set("errors", JSON.createArrayNode()
                .add(JSON.createObjectNode().put("code", code).put("message", message))).toString();
        send(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (exchange.getRequestMethod().equals("HEAD")) {
            headers(exchange, status, body.length);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * A HEAD answer: the JDK server sends no Content-Length of its own for HEAD (and logs a warning
     * when given one), but registry clients read the size from it.
     */
    private static void headers(HttpExchange exchange, int status, long size) throws IOException {
        exchange.getResponseHeaders().set("Content-Length", Long.toString(size));
        exchange.sendResponseHeaders(status, -1);
    }
}
