package io.bootc4j.oci.registry.internal;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A {@code java.net.http} client built on first use. Building one is not free: without an explicit
 * {@link SSLContext} it calls {@link SSLContext#getDefault()}, which parses the whole system trust
 * store, and every client starts a selector thread. A pull from one insecure registry needs only
 * one of the registry client's two clients, so neither is built before a request needs it.
 * Thread-safe; the client is built at most once.
 */
public final class LazyHttpClient implements Supplier<HttpClient> {

    /** Makes the TLS context on first use; {@code null} means the JDK default context. */
    @FunctionalInterface
    public interface ContextFactory {
        SSLContext create();
    }

    private final Supplier<HttpClient> client;

    public LazyHttpClient(ContextFactory context) {
        this.client = new OnFirstUse<>(() -> build(context.create()));
    }

    @Override
    public HttpClient get() {
        return client.get();
    }

    private static HttpClient build(SSLContext ctx) {
        // Redirects are followed by Transport, which drops Authorization across hosts.
        HttpClient.Builder hb = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30));
        if (ctx != null) {
            // Empty parameters leave protocols and cipher suites to the SSLEngine's defaults, as the
            // context's default parameters would, but without computing those (every suite checked
            // against the algorithm constraints) when the client is built: a client of an insecure
            // registry that speaks plain HTTP never needs them.
            hb.sslContext(ctx).sslParameters(new SSLParameters());
        }
        return hb.build();
    }
}
