package io.bootc4j.oci.registry.internal;

import io.bootc4j.oci.OciException;
import io.bootc4j.oci.registry.internal.WwwAuthenticate.Challenge;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base URI and authentication challenges of each registry, learnt from one {@code GET /v2/}
 * ping, as containers/image does: HTTPS first; plain HTTP only for insecure registries and only
 * when HTTPS fails; any HTTP answer (200, 401, …) counts, and the 401's {@code WWW-Authenticate}
 * challenges are used for every later request to that registry (gcr.io sends 401 without
 * challenges on ordinary requests). Thread-safe; a registry may be pinged twice concurrently.
 *
 * <p>For an insecure registry, when the caller owns the network path (no proxy, no custom
 * client), a {@link TlsProbe} first asks the server whether it speaks TLS at all: a plain-HTTP
 * server is then pinged over HTTP at once, as it would be after the failed handshake, without
 * paying for that handshake.
 */
public final class Endpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);

    /** A pinged registry. */
    public record Endpoint(URI base, List<Challenge> challenges) {
        public Endpoint {
            challenges = List.copyOf(challenges);
        }
    }

    private final Transport transport;
    private final Predicate<String> insecure;
    private final Duration timeout;
    private final Duration tlsPingTimeout;
    private final boolean probeTls;
    private final Map<String, Endpoint> cache = new ConcurrentHashMap<>();

    /**
     * @param tlsPingTimeout how long the HTTPS ping of an insecure registry may take before plain
     *     HTTP is tried (a plain-HTTP server may never answer a TLS handshake); it bounds the
     *     {@link TlsProbe} too
     * @param probeTls whether insecure registries are probed with {@link TlsProbe} before the
     *     HTTPS ping (only valid when requests go straight to the registry, not through a proxy)
     */
    public Endpoints(Transport transport, Predicate<String> insecure, Duration timeout, Duration tlsPingTimeout,
            boolean probeTls) {
        this.transport = transport;
        this.insecure = insecure;
        this.timeout = timeout;
        this.tlsPingTimeout = tlsPingTimeout;
        this.probeTls = probeTls;
    }

    /** The host to contact for {@code registry}: Docker Hub is served from {@code registry-1.docker.io}. */
    public static String host(String registry) {
        return registry.equals("docker.io") ? "registry-1.docker.io" : registry;
    }

    public Endpoint get(String registry) throws IOException {
        Endpoint e = cache.get(registry);
        if (e == null) {
            e = ping(registry);
            Endpoint raced = cache.putIfAbsent(registry, e);
            if (raced != null) {
                e = raced;
            }
        }
        return e;
    }

    /** Records challenges seen on a 401 when the ping had none. */
    public void learnChallenges(String registry, List<Challenge> challenges) {
        cache.computeIfPresent(registry, (k, old) -> old.challenges().isEmpty() ? new Endpoint(old.base(), challenges) : old);
    }

    private Endpoint ping(String registry) throws IOException {
        URI https = URI.create("https://" + host(registry) + "/v2/");
        try {
            if (insecure.test(registry) && probeTls) {
                probe(registry, https);
            }
            return pingAt(registry, https, insecure.test(registry) ? tlsPingTimeout : timeout);
        } catch (IOException e) {
            if (!insecure.test(registry)) {
                throw new OciException("registry " + registry + ": ping " + https + " failed: " + describe(e), e);
            }
            URI http = URI.create("http://" + host(registry) + "/v2/");
            LOG.debug("registry {}: HTTPS ping failed ({}), trying {}", registry, describe(e), http);
            try {
                return pingAt(registry, http, timeout);
            } catch (IOException e2) {
                e2.addSuppressed(e);
                throw new OciException("registry " + registry + ": ping failed over HTTPS (" + describe(e) + ") and HTTP ("
                        + describe(e2) + ")", e2);
            }
        }
    }

    /** Throws, as the failed HTTPS ping would, when the server does not speak TLS. */
    private void probe(String registry, URI https) throws IOException {
        Optional<String> notTls = TlsProbe.notTls(https.getRawAuthority(), tlsPingTimeout);
        if (notTls.isPresent()) {
            LOG.debug("registry {}: {} does not speak TLS ({}); skipping the HTTPS ping", registry, https.getRawAuthority(),
                    notTls.get());
            throw new IOException(https + ": " + notTls.get());
        }
        LOG.debug("registry {}: {} answers a TLS ClientHello; pinging over HTTPS", registry, https.getRawAuthority());
    }

    private Endpoint pingAt(String registry, URI uri, Duration limit) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(limit).GET()
                .header("Docker-Distribution-API-Version", "registry/2.0").build();
        HttpResponse<InputStream> r = transport.execute(req, registry, "", "pull");
        Responses.discard(r);
        if (r.statusCode() >= 500) {
            throw new IOException("ping " + uri + " answered " + r.statusCode());
        }
        List<Challenge> challenges = r.statusCode() == 401
                ? WwwAuthenticate.parse(r.headers().allValues("WWW-Authenticate")) : List.of();
        URI base = URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
        return new Endpoint(base, challenges);
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        String kind = e instanceof SSLException ? "TLS: " : "";
        return kind + (m == null || m.isEmpty() ? e.getClass().getSimpleName() : m);
    }
}
