package io.bootc4j.oci.registry;

import io.bootc4j.oci.BlobNotFoundException;
import io.bootc4j.oci.Descriptor;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.DigestMismatchException;
import io.bootc4j.oci.DigestingInputStream;
import io.bootc4j.oci.ImageIndex;
import io.bootc4j.oci.ImageReference;
import io.bootc4j.oci.ImageSourceOptions;
import io.bootc4j.oci.ManifestBytes;
import io.bootc4j.oci.MediaType;
import io.bootc4j.oci.OciException;
import io.bootc4j.oci.cache.BlobCache;
import io.bootc4j.oci.registry.internal.AuthInterceptor;
import io.bootc4j.oci.registry.internal.BearerTokens;
import io.bootc4j.oci.registry.internal.DeferredSslContext;
import io.bootc4j.oci.registry.internal.Endpoints;
import io.bootc4j.oci.registry.internal.LazyHttpClient;
import io.bootc4j.oci.registry.internal.ManifestNegotiation;
import io.bootc4j.oci.registry.internal.Responses;
import io.bootc4j.oci.registry.internal.ResumingBlobStream;
import io.bootc4j.oci.registry.internal.RegistryWarnings;
import io.bootc4j.oci.registry.internal.RetryInterceptor;
import io.bootc4j.oci.registry.internal.StallWatchdog;
import io.bootc4j.oci.registry.internal.TlsContexts;
import io.bootc4j.oci.registry.internal.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * A client for the OCI distribution API (pull side): manifests with content negotiation, blobs
 * verified while streaming and resumed after a broken connection, the referrers API, over
 * {@code java.net.http}. Authentication (Basic, Docker bearer tokens), retries and registry
 * rewriting are pluggable: {@link CredentialSource}, {@link RetryPolicy}, {@link PullSourceResolver}
 * and {@link RegistryInterceptor}.
 *
 * <pre>{@code
 * RegistryClient registry = RegistryClient.builder().credentials(AuthFile.discover()).build();
 * try (RegistryImageSource src = registry.open(ImageReference.parse("quay.io/acme/os:42"))) { ... }
 * }</pre>
 *
 * <p>Thread-safe: one client is meant to be shared; it caches pings and tokens per registry.
 *
 * <p><b>Performance note for embedders.</b> The JDK client reads response bodies in buffers of
 * {@code jdk.httpclient.bufsize} bytes, 16 KiB by default: a layer of a few hundred MiB then
 * runs the client's per-buffer code so often that the JIT compiles it with C2, which costs more
 * CPU than the download itself in a short-lived process. Set the system property before any
 * {@code java.net.http} class is loaded, e.g. {@code -Djdk.httpclient.bufsize=1048576} on the
 * command line or {@code System.setProperty("jdk.httpclient.bufsize", "1048576")} first thing in
 * {@code main} (the {@code bootc4j} command does); it is read once, by the first client. Blob
 * digests come from {@link io.bootc4j.oci.Digest#newMessageDigest}: a faster SHA-256 can be given
 * with {@link io.bootc4j.oci.Digest#useSha256Provider} (the command gives bootc-ostree's
 * libcrypto-backed {@code NativeDigestProvider}).
 */
public final class RegistryClient {

    private final Transport transport;
    private final Endpoints endpoints;
    private final PullSourceResolver resolver;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final Duration timeout;
    private final int maxConcurrentLayers;
    private final Optional<BlobCache> cache;
    private final StallWatchdog watchdog;

    private RegistryClient(Builder b) throws IOException {
        Set<String> insecure = Set.copyOf(b.insecure);
        this.resolver = b.resolver;
        this.retry = b.retry;
        this.sleeper = b.sleeper;
        this.timeout = b.timeout;
        this.maxConcurrentLayers = b.maxConcurrentLayers;
        this.watchdog = new StallWatchdog(b.readTimeout);
        this.cache = Optional.ofNullable(b.cache);
        Supplier<HttpClient> secure;
        Supplier<HttpClient> lax;
        if (b.httpClient != null) {
            HttpClient given = b.httpClient;
            secure = () -> given;
            lax = secure;
        } else {
            // the --cert-dir is read now, so that a bad one fails the build, not the first request
            SSLContext ctx = b.certDir == null ? null : TlsContexts.forCertDir(b.certDir);
            secure = new LazyHttpClient(() -> ctx);
            lax = new LazyHttpClient(() -> new DeferredSslContext(TlsContexts::trustAll));
        }
        boolean verifyAll = b.tlsVerify;
        RegistriesConf conf = b.resolver instanceof RegistriesConf rc ? rc : null;
        java.util.function.Predicate<String> isInsecure = registry -> !verifyAll || insecure.contains(registry)
                || conf != null && conf.isInsecure(registry);
        List<RegistryInterceptor> chain = new ArrayList<>(b.interceptors);
        chain.add(new RegistryWarnings());
        chain.add(new RetryInterceptor(b.retry, b.sleeper, b.clock));
        // Authentication pings and fetches tokens through the transport it is part of: tie the knot.
        AuthInterceptor[] auth = new AuthInterceptor[1];
        chain.add(c -> auth[0].intercept(c));
        this.transport = new Transport(chain, authority -> isInsecure.test(authority)
                || isInsecure.test(stripDefaultPort(authority)) ? lax.get() : secure.get());
        this.endpoints = new Endpoints(transport, isInsecure, b.timeout, b.tlsPingTimeout, b.httpClient == null);
        auth[0] = new AuthInterceptor(endpoints, b.credentials, new BearerTokens(transport, b.clock, b.timeout));
    }

    private static String stripDefaultPort(String authority) {
        return authority.endsWith(":443") || authority.endsWith(":80") ? authority.substring(0, authority.lastIndexOf(':'))
                : authority;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A client configured as skopeo would be by {@code options}: credentials from
     * {@code --authfile} or the {@link AuthFile#discover() usual auth files}, the given or the
     * {@link RegistriesConf#discover discovered} {@code registries.conf}, {@code --tls-verify} and
     * {@code --cert-dir}.
     */
    public static RegistryClient forOptions(ImageSourceOptions options) throws IOException {
        Builder b = builder();
        b.credentials(options.authFile().<CredentialSource>map(AuthFile::of).orElseGet(AuthFile::discover));
        Optional<Path> conf = options.registriesConf();
        b.registries(conf.isPresent() ? RegistriesConf.load(conf.get())
                : RegistriesConf.discover(System.getenv(), Path.of(System.getProperty("user.home")), Path.of("/")));
        options.tlsVerify().ifPresent(b::tlsVerify);
        options.certDirectory().ifPresent(b::certDir);
        return b.build();
    }

    /** Blobs fetched in parallel by {@link RegistryImageSource#prefetch}. */
    public int maxConcurrentLayers() {
        return maxConcurrentLayers;
    }

    /** The blob cache blobs go through, when configured. */
    public Optional<BlobCache> blobCache() {
        return cache;
    }

    /** Where {@code ref} is pulled from, mirrors first (see {@link RegistriesConf}). */
    public List<PullSource> pullSources(ImageReference ref) throws RegistryConfigException {
        return resolver.resolve(ref.registry(), ref.repository(), ref.digest().isPresent());
    }

    /** Opens {@code ref} ({@code latest} when it has neither tag nor digest); fetches and pins its manifest. */
    public RegistryImageSource open(ImageReference ref) throws IOException {
        return RegistryImageSource.open(this, ref);
    }

    /**
     * The manifest {@code reference} (a tag or digest) of {@code source}, with its exact bytes.
     * By digest, the bytes are verified against it; a {@code Docker-Content-Digest} header must
     * match the bytes too.
     *
     * @throws BlobNotFoundException when the registry has no such manifest
     * @throws RegistryException for other error statuses
     */
    public ManifestBytes manifest(PullSource source, String reference) throws IOException {
        return findManifest(source, reference).orElseThrow(() -> new BlobNotFoundException("manifest \"" + reference + "\"",
                "docker://" + source.name()));
    }

    /** Like {@link #manifest} but empty when the registry says the manifest is unknown. */
    public Optional<ManifestBytes> findManifest(PullSource source, String reference) throws IOException {
        String subject = source.name() + " manifest \"" + reference + "\"";
        HttpRequest.Builder rb = request(source, "/manifests/" + reference, subject).GET();
        ManifestNegotiation.ACCEPT.forEach(a -> rb.header("Accept", a));
        HttpResponse<InputStream> r = send(rb.build(), source, subject);
        if (r.statusCode() != 200) {
            RegistryException e = Responses.error(r, subject);
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
        byte[] bytes = Responses.readBounded(r, ManifestBytes.MAX_SIZE, subject);
        ManifestBytes m = ManifestNegotiation.manifestBytes(bytes, Responses.mediaType(r).orElse(""), subject);
        Optional<Digest> pinned = Digest.tryParse(reference);
        if (pinned.isPresent()) {
            Digest actual = Digest.compute(pinned.get().algorithm(), bytes);
            if (!actual.equals(pinned.get())) {
                throw new DigestMismatchException(subject, pinned.get(), actual);
            }
        }
        Optional<Digest> header = r.headers().firstValue("Docker-Content-Digest").flatMap(Digest::tryParse);
        if (header.isPresent()) {
            Digest actual = Digest.compute(header.get().algorithm(), bytes);
            if (!actual.equals(header.get())) {
                throw new DigestMismatchException(subject + " (Docker-Content-Digest)", header.get(), actual);
            }
        }
        return Optional.of(m);
    }

    /**
     * Opens {@code blob} for reading. The stream verifies size and digest (failing at EOF with
     * {@link DigestMismatchException} or {@link io.bootc4j.oci.BlobSizeMismatchException}) and
     * resumes a broken transfer with {@code Range}. The caller closes it.
     *
     * @throws BlobNotFoundException when the registry does not have the blob
     */
    public InputStream openBlob(PullSource source, Descriptor blob) throws IOException {
        InputStream body = openBlobUnverified(source, blob);
        return DigestingInputStream.verifying(body, blob.digest(), blob.size(), source.name() + " blob " + blob.digest());
    }

    /** The resuming body without digest checks, for callers that verify themselves (the blob cache). */
    InputStream openBlobUnverified(PullSource source, Descriptor blob) throws IOException {
        String subject = source.name() + " blob " + blob.digest();
        String path = "/blobs/" + blob.digest();
        HttpResponse<InputStream> first = send(request(source, path, subject).GET().build(), source, subject);
        if (first.statusCode() != 200) {
            RegistryException e = Responses.error(first, subject);
            if (e.isNotFound()) {
                throw new BlobNotFoundException(blob.digest().toString(), "docker://" + source.name());
            }
            throw e;
        }
        return new ResumingBlobStream(first, blob.size(), offset -> send(request(source, path, subject)
                .header("Range", "bytes=" + offset + "-").GET().build(), source, subject),
                r -> Responses.error(r, subject), retry, sleeper, watchdog, subject);
    }

    /**
     * Manifests that refer to {@code subject} through their {@code subject} field (OCI 1.1
     * referrers API), optionally filtered by artifact type. Falls back to the referrers tag schema
     * ({@code sha256-HEX} tag holding an index) when the registry lacks the API.
     */
    public List<Descriptor> referrers(PullSource source, Digest subject, Optional<String> artifactType) throws IOException {
        String what = source.name() + " referrers of " + subject;
        String query = artifactType.map(t -> "?artifactType=" + URLEncoder.encode(t, StandardCharsets.UTF_8)).orElse("");
        HttpResponse<InputStream> r = send(request(source, "/referrers/" + subject + query, what)
                .header("Accept", MediaType.OCI_INDEX).GET().build(), source, what);
        ManifestBytes index;
        if (r.statusCode() == 200) {
            index = ManifestBytes.of(Responses.readBounded(r, ManifestBytes.MAX_SIZE, what), MediaType.OCI_INDEX);
        } else {
            RegistryException e = Responses.error(r, what);
            if (!e.isNotFound() && e.status() != 400 && e.status() != 405) {
                throw e;
            }
            Optional<ManifestBytes> tagged = findManifest(source, subject.algorithm() + "-" + subject.hex());
            if (tagged.isEmpty() || !tagged.get().isIndex()) {
                return List.of();
            }
            index = tagged.get();
        }
        List<Descriptor> out = new ArrayList<>();
        for (Descriptor d : ImageIndex.parse(index, what).manifests()) {
            if (artifactType.isEmpty() || artifactType.equals(d.artifactType())) {
                out.add(d);
            }
        }
        return List.copyOf(out);
    }

    private HttpRequest.Builder request(PullSource source, String path, String subject) throws IOException {
        URI base;
        try {
            base = endpoints.get(source.registry()).base();
        } catch (OciException e) {
            throw e;
        } catch (IOException e) {
            throw new OciException(subject + ": " + e.getMessage(), e);
        }
        return HttpRequest.newBuilder(URI.create(base + "/v2/" + source.repository() + path)).timeout(timeout)
                .header("Docker-Distribution-API-Version", "registry/2.0");
    }

    private HttpResponse<InputStream> send(HttpRequest request, PullSource source, String subject) throws IOException {
        try {
            return transport.execute(request, source.registry(), source.repository(), "pull");
        } catch (OciException | java.io.InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            throw new OciException(subject + ": " + request.method() + " " + request.uri() + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    /** Configures a {@link RegistryClient}; every setting has a default. */
    public static final class Builder {
        private CredentialSource credentials = CredentialSource.none();
        private PullSourceResolver resolver = PullSourceResolver.direct();
        private final Set<String> insecure = new HashSet<>();
        private boolean tlsVerify = true;
        private Path certDir;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private HttpClient httpClient;
        private int maxConcurrentLayers = 4;
        private RetryPolicy retry = RetryPolicy.defaults();
        private Duration timeout = Duration.ofSeconds(60);
        private Duration tlsPingTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private BlobCache cache;
        private final List<RegistryInterceptor> interceptors = new ArrayList<>();

        private Builder() {
        }

        /** Where credentials come from; anonymous by default. */
        public Builder credentials(CredentialSource source) {
            this.credentials = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Mirrors, rewriting, blocking and insecure flags, e.g. a {@link RegistriesConf}; none by default. */
        public Builder registries(PullSourceResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** {@code false} (skopeo {@code --tls-verify=false}): every registry is insecure (no TLS checks, HTTP allowed). */
        public Builder tlsVerify(boolean verify) {
            this.tlsVerify = verify;
            return this;
        }

        /** Marks {@code host[:port]} insecure: certificates are not checked and plain HTTP is a fallback. */
        public Builder insecureRegistry(String registry) {
            insecure.add(Objects.requireNonNull(registry, "registry"));
            return this;
        }

        /** skopeo {@code --cert-dir}: extra CA certificates ({@code *.crt}) and a client {@code .cert}/{@code .key} pair. */
        public Builder certDir(Path dir) {
            this.certDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How retry waits are spent; tests pass a recording no-op. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * The HTTP client for every host (then TLS options here are ignored). It must not follow
         * redirects itself ({@code Redirect.NEVER}), or {@code Authorization} may leak across hosts.
         */
        public Builder httpClient(HttpClient client) {
            if (client.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new IllegalArgumentException("registry HttpClient must use Redirect.NEVER, not " + client.followRedirects());
            }
            this.httpClient = client;
            return this;
        }

        /** Blobs fetched at once by {@link RegistryImageSource#prefetch}; 4 by default. */
        public Builder maxConcurrentLayers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxConcurrentLayers " + n + " is below 1");
            }
            this.maxConcurrentLayers = n;
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Time allowed until response headers arrive; 60 s by default. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * How long a blob read may wait for the next bytes before the connection counts as broken
         * (and the download resumes with {@code Range}, within the retry policy's attempts); 60 s
         * by default.
         */
        public Builder readTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("read timeout must be positive, got " + timeout);
            }
            this.readTimeout = timeout;
            return this;
        }

        /**
         * How long the HTTPS ping of an insecure registry may take before plain HTTP is tried; 10 s
         * by default (some plain-HTTP servers never answer a TLS handshake).
         */
        public Builder insecureTlsPingTimeout(Duration timeout) {
            this.tlsPingTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Blobs are read through this cache: fetched once, verified, then served from disk. */
        public Builder blobCache(BlobCache cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** Adds an interceptor outside the built-in retry and authentication ones, in call order. */
        public Builder addInterceptor(RegistryInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /** @throws RegistryConfigException when the {@code --cert-dir} cannot be read */
        public RegistryClient build() throws IOException {
            return new RegistryClient(this);
        }
    }
}
