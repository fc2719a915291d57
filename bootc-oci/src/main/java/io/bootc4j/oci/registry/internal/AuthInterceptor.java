package io.bootc4j.oci.registry.internal;

import io.bootc4j.oci.registry.Credential;
import io.bootc4j.oci.registry.CredentialSource;
import io.bootc4j.oci.registry.RegistryInterceptor;
import io.bootc4j.oci.registry.internal.Endpoints.Endpoint;
import io.bootc4j.oci.registry.internal.WwwAuthenticate.Challenge;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adds {@code Authorization} from the challenges of the registry's ping: the first supported
 * scheme wins ({@code basic} with credentials, {@code bearer} through {@link BearerTokens});
 * unknown schemes go unauthenticated. After a 401 it retries once with a fresh token (and the
 * extra scope of an {@code insufficient_scope} challenge). The {@code /v2/} ping itself passes
 * through. Credentials are looked up once per registry and repository. Thread-safe.
 */
public final class AuthInterceptor implements RegistryInterceptor {

    private final Endpoints endpoints;
    private final CredentialSource credentials;
    private final BearerTokens tokens;
    private final Map<String, Optional<Credential>> credentialCache = new ConcurrentHashMap<>();

    public AuthInterceptor(Endpoints endpoints, CredentialSource credentials, BearerTokens tokens) {
        this.endpoints = endpoints;
        this.credentials = credentials;
        this.tokens = tokens;
    }

    @Override
    public HttpResponse<InputStream> intercept(Chain chain) throws IOException {
        if (chain.repository().isEmpty()) {
            return chain.proceed(chain.request());
        }
        Endpoint endpoint = endpoints.get(chain.registry());
        Optional<Credential> credential = credential(chain.registry(), chain.repository());
        List<String> scopes = List.of("repository:" + chain.repository() + ":" + chain.actions());
        Optional<String> first = authorization(endpoint.challenges(), credential, scopes, false, chain);
        HttpResponse<InputStream> r = chain.proceed(with(chain.request(), first));
        if (r.statusCode() != 401) {
            return r;
        }
        List<Challenge> seen = WwwAuthenticate.parse(r.headers().allValues("WWW-Authenticate"));
        List<Challenge> challenges = endpoint.challenges();
        if (challenges.isEmpty() && !seen.isEmpty()) {
            endpoints.learnChallenges(chain.registry(), seen);
            challenges = seen;
        }
        List<String> retryScopes = new ArrayList<>(scopes);
        for (Challenge c : seen) {
            if (c.scheme().equals("bearer") && "insufficient_scope".equals(c.params().get("error"))) {
                c.param("scope").filter(s -> !retryScopes.contains(s)).ifPresent(retryScopes::add);
            }
        }
        boolean bearer = challenges.stream().filter(AuthInterceptor::supported).findFirst()
                .map(c -> c.scheme().equals("bearer")).orElse(false);
        if (!bearer && first.isPresent()) {
            return r; // Basic credentials were refused; asking again will not help.
        }
        Optional<String> second = authorization(challenges, credential, retryScopes, true, chain);
        if (second.isEmpty()) {
            return r;
        }
        Responses.discard(r);
        return chain.proceed(with(chain.request(), second));
    }

    private static boolean supported(Challenge c) {
        return c.scheme().equals("basic") || c.scheme().equals("bearer");
    }

    private Optional<String> authorization(List<Challenge> challenges, Optional<Credential> credential, List<String> scopes,
                                           boolean refresh, Chain chain) throws IOException {
        for (Challenge c : challenges) {
            if (c.scheme().equals("basic")) {
                return credential.filter(cr -> cr.identityToken().isEmpty()).map(cr -> "Basic " + Base64.getEncoder()
                        .encodeToString((cr.username() + ":" + cr.password()).getBytes(StandardCharsets.UTF_8)));
            }
            if (c.scheme().equals("bearer")) {
                String subject = chain.registry() + "/" + chain.repository();
                return Optional.of("Bearer " + tokens.token(c, scopes, credential, refresh, subject));
            }
        }
        return Optional.empty();
    }

    private Optional<Credential> credential(String registry, String repository) throws IOException {
        String key = registry + "/" + repository;
        Optional<Credential> c = credentialCache.get(key);
        if (c == null) {
            c = credentials.find(registry, repository);
            credentialCache.put(key, c);
        }
        return c;
    }

    private static HttpRequest with(HttpRequest request, Optional<String> authorization) {
        if (authorization.isEmpty()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (n, v) -> !n.equalsIgnoreCase("Authorization"))
                .header("Authorization", authorization.get()).build();
    }
}
