package io.bootc4j.oci.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scriptable HTTP server on loopback for protocol edge cases the real registry cannot be made
 * to produce (wrong Content-Range, cross-host redirects, lying headers). Handlers are keyed by
 * path; every request is recorded with its Authorization and Range headers.
 */
final class FakeRegistry implements AutoCloseable {

    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    /** One request as received. */
    record Request(String method, String path, String query, String authorization, String range) { }

    private final HttpServer server;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeRegistry() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", ex -> {
            requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Range")));
            try {
                Handler h = handlers.get(ex.getRequestURI().getPath());
                if (h == null) {
                    respond(ex, 404, "application/json", "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"no route\"}]}".getBytes());
                } else {
                    h.handle(ex);
                }
            } finally {
                ex.close();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-registry");
            t.setDaemon(true);
            return t;
        }));
        reset();
        server.start();
    }

    /** Forgets handlers and recorded requests (stopping a server takes a second; tests share one). */
    void reset() {
        handlers.clear();
        requests.clear();
        on("/v2/", ex -> respond(ex, 200, "application/json", "{}".getBytes()));
    }

    FakeRegistry on(String path, Handler handler) {
        handlers.put(path, handler);
        return this;
    }

    /** {@code 127.0.0.1:PORT}. */
    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    static void respond(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
