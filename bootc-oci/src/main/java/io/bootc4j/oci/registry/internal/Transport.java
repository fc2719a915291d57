package io.bootc4j.oci.registry.internal;

import io.bootc4j.oci.registry.RegistryInterceptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Sends requests through the interceptor chain and, at its end, the network. Redirects are
 * followed here, by hand: the JDK client runs with {@code Redirect.NEVER} so that
 * {@code Authorization} is never forwarded to another origin (distribution-spec "MUST NOT forward
 * Authorization headers across host boundaries"; presigned S3 URLs also reject it), and 308 and
 * relative {@code Location} are handled. Thread-safe.
 */
public final class Transport {

    private static final int MAX_REDIRECTS = 10;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final List<RegistryInterceptor> interceptors;
    private final Function<String, HttpClient> clientForAuthority;

    /** @param clientForAuthority the client to use for a {@code host:port} (TLS settings differ per host) */
    public Transport(List<RegistryInterceptor> interceptors, Function<String, HttpClient> clientForAuthority) {
        this.interceptors = List.copyOf(interceptors);
        this.clientForAuthority = Objects.requireNonNull(clientForAuthority);
    }

    /** Runs {@code request} through every interceptor, then the network. The caller closes the body. */
    public HttpResponse<InputStream> execute(HttpRequest request, String registry, String repository, String actions)
            throws IOException {
        return new ChainImpl(0, request, registry, repository, actions).proceed(request);
    }

    /** Sends without interceptors (token endpoint), following redirects. */
    public HttpResponse<InputStream> sendDirect(HttpRequest request) throws IOException {
        return followRedirects(request);
    }

    private HttpResponse<InputStream> followRedirects(HttpRequest request) throws IOException {
        HttpRequest current = request;
        for (int hop = 0; ; hop++) {
            HttpResponse<InputStream> r = send(current);
            int s = r.statusCode();
            boolean redirect = s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
            if (!redirect || r.headers().firstValue("Location").isEmpty()) {
                return r;
            }
            Responses.discard(r);
            if (hop >= MAX_REDIRECTS) {
                throw new IOException(request.uri() + ": more than " + MAX_REDIRECTS + " redirects");
            }
            URI target = current.uri().resolve(r.headers().firstValue("Location").get());
            if (!"https".equals(target.getScheme()) && !"http".equals(target.getScheme())) {
                throw new IOException(request.uri() + ": redirect to unsupported URI " + target);
            }
            boolean sameOrigin = sameOrigin(current.uri(), target);
            HttpRequest.Builder b = HttpRequest.newBuilder(current,
                    (name, value) -> sameOrigin || !name.equalsIgnoreCase("Authorization")).uri(target);
            if (s == 303 && !current.method().equals("HEAD")) {
                b.GET();
            }
            current = b.build();
        }
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
        URI u = request.uri();
        String authority = u.getHost() + ":" + port(u);
        // send() does not time out a TLS handshake that never completes (a plain-HTTP server that
        // waits for a request line); bound the wait for the response headers ourselves.
        Duration limit = request.timeout().orElse(DEFAULT_TIMEOUT);
        CompletableFuture<HttpResponse<InputStream>> f = clientForAuthority.apply(authority)
                .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        try {
            return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new HttpTimeoutException(request.method() + " " + u + ": no response within " + limit.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(request.method() + " " + u + " failed", c);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            InterruptedIOException ie = new InterruptedIOException(request.method() + " " + u + " interrupted");
            ie.initCause(e);
            throw ie;
        }
    }

    private final class ChainImpl implements RegistryInterceptor.Chain {
        private final int index;
        private final HttpRequest request;
        private final String registry;
        private final String repository;
        private final String actions;

        ChainImpl(int index, HttpRequest request, String registry, String repository, String actions) {
            this.index = index;
            this.request = request;
            this.registry = registry;
            this.repository = repository;
            this.actions = actions;
        }

        @Override
        public HttpRequest request() {
            return request;
        }

        @Override
        public String registry() {
            return registry;
        }

        @Override
        public String repository() {
            return repository;
        }

        @Override
        public String actions() {
            return actions;
        }

        @Override
        public HttpResponse<InputStream> proceed(HttpRequest next) throws IOException {
            if (index >= interceptors.size()) {
                return followRedirects(next);
            }
            HttpResponse<InputStream> r = interceptors.get(index)
                    .intercept(new ChainImpl(index + 1, next, registry, repository, actions));
            if (r == null) {
                throw new IllegalStateException("interceptor " + interceptors.get(index) + " returned null");
            }
            return r;
        }
    }
}
