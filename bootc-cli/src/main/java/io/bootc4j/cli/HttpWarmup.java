package io.bootc4j.cli;

import io.bootc4j.oci.registry.internal.DeferredSslContext;
import io.bootc4j.oci.registry.internal.LazyHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP/1.1 exchange of a throwaway client with this thread over a loopback socket, made while
 * the command starts, so that the first request to a real registry does not run the JDK client's
 * request and response code for the first time. That first run (class initialisation, linking
 * some hundred lambda and method-handle call sites, all interpreted) took 70-100 ms of every
 * {@code image copy docker://...} on a 2-core machine, before anything could be fetched; call
 * sites are linked once per process, so the real client's first request then costs what later
 * ones do. Nothing leaves the machine and the answer is thrown away; any failure is dropped (the
 * real request then simply pays the first-run cost itself).
 */
final class HttpWarmup {

    private static final Duration LIMIT = Duration.ofSeconds(5);

    private HttpWarmup() {}

    /** Makes the exchange; true when it completed with the answer it expected. */
    static boolean run() {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) LIMIT.toMillis());
            // The client the registry code builds, with a TLS context that is never made.
            HttpClient client = new LazyHttpClient(() -> new DeferredSslContext(() -> {
                throw new IllegalStateException("the HTTP warm-up speaks plain HTTP");
            })).get();
            URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v2/");
            CompletableFuture<HttpResponse<InputStream>> response = client.sendAsync(
                    HttpRequest.newBuilder(uri).timeout(LIMIT).GET()
                            .header("Docker-Distribution-API-Version", "registry/2.0").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (Socket s = server.accept()) {
                s.setSoTimeout((int) LIMIT.toMillis());
                skipRequestHead(s.getInputStream());
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                        + "Docker-Distribution-API-Version: registry/2.0\r\nConnection: close\r\n\r\n{}")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                HttpResponse<InputStream> r = response.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                try (InputStream body = r.body()) {
                    return r.statusCode() == 200 && new String(body.readAllBytes(), StandardCharsets.US_ASCII).equals("{}");
                }
            }
        } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
            return false; // only a warm-up: the real request reports its own failures
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Reads up to and including the blank line that ends the request's headers. */
    private static void skipRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b = in.read(); b >= 0; b = in.read()) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == end.length) {
                return;
            }
        }
    }
}
