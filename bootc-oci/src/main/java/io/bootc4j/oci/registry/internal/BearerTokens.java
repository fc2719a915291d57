package io.bootc4j.oci.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootc4j.oci.OciException;
import io.bootc4j.oci.registry.Credential;
import io.bootc4j.oci.registry.internal.WwwAuthenticate.Challenge;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Docker token authentication (distribution {@code docs/spec/auth/token.md}): a GET to the
 * challenge's realm with {@code service}, {@code scope} and, with credentials, {@code account} and
 * HTTP Basic; or, for an identity token, an OAuth2 {@code refresh_token} POST. Tokens are cached
 * by realm, service, scopes and credential until {@code issued_at + max(expires_in, 60 s)}.
 * Thread-safe.
 */
public final class BearerTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MIN_LIFETIME = Duration.ofSeconds(60);

    private record Cached(String token, Instant expires) { }

    private final Transport transport;
    private final Clock clock;
    private final Duration timeout;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public BearerTokens(Transport transport, Clock clock, Duration timeout) {
        this.transport = transport;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * A token for {@code scopes}; {@code refresh} ignores the cache (after a 401 with a cached token).
     *
     * @param subject names the registry and repository in error messages
     */
    public String token(Challenge challenge, List<String> scopes, Optional<Credential> credential, boolean refresh,
                        String subject) throws IOException {
        String realm = challenge.param("realm").orElseThrow(() -> new OciException(subject
                + ": bearer challenge without realm"));
        String service = challenge.param("service").orElse("");
        String key = realm + "\n" + service + "\n" + String.join(" ", scopes) + "\n"
                + credential.map(c -> c.username() + "\n" + Integer.toHexString(c.hashCode())).orElse("");
        Instant now = clock.instant();
        Cached c = cache.get(key);
        if (c != null && !refresh && now.isBefore(c.expires())) {
            return c.token();
        }
        Cached fresh = fetch(realm, service, scopes, credential, subject, now);
        cache.put(key, fresh);
        return fresh.token();
    }

    private Cached fetch(String realm, String service, List<String> scopes, Optional<Credential> credential,
                         String subject, Instant now) throws IOException {
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new OciException(subject + ": bearer realm \"" + realm + "\" is not a URI", e);
        }
        if (!"https".equals(realmUri.getScheme()) && !"http".equals(realmUri.getScheme())) {
            throw new OciException(subject + ": bearer realm \"" + realm + "\" is not an http(s) URI");
        }
        HttpRequest request;
        Optional<String> identity = credential.flatMap(Credential::identityToken);
        if (identity.isPresent()) {
            StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=bootc4j");
            form.append("&refresh_token=").append(enc(identity.get()));
            if (!service.isEmpty()) {
                form.append("&service=").append(enc(service));
            }
            form.append("&scope=").append(enc(String.join(" ", scopes)));
            request = HttpRequest.newBuilder(realmUri).timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        } else {
            StringBuilder q = new StringBuilder();
            if (!service.isEmpty()) {
                q.append("service=").append(enc(service));
            }
            for (String s : scopes) {
                q.append(q.length() == 0 ? "" : "&").append("scope=").append(enc(s));
            }
            credential.ifPresent(c -> q.append(q.length() == 0 ? "" : "&").append("account=").append(enc(c.username())));
            String sep = realm.contains("?") ? "&" : "?";
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(realm + (q.length() == 0 ? "" : sep + q)))
                    .timeout(timeout).GET();
            credential.filter(c -> !c.password().isEmpty()).ifPresent(c -> b.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8))));
            request = b.build();
        }
        String what = subject + " token from " + realmUri.getScheme() + "://" + realmUri.getRawAuthority() + realmUri.getRawPath();
        HttpResponse<InputStream> r = transport.sendDirect(request);
        if (r.statusCode() != 200) {
            throw Responses.error(r, what);
        }
        byte[] body = Responses.readBounded(r, Responses.MAX_SMALL_BODY, what);
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new OciException(what + ": response is not JSON", e);
        }
        String token = json == null ? "" : json.path("token").asText("");
        if (token.isEmpty() && json != null) {
            token = json.path("access_token").asText("");
        }
        if (token.isEmpty()) {
            throw new OciException(what + ": response has neither \"token\" nor \"access_token\"");
        }
        Duration lifetime = Duration.ofSeconds(Math.max(json.path("expires_in").asLong(0), MIN_LIFETIME.getSeconds()));
        Instant issued = now;
        String issuedAt = json.path("issued_at").asText("");
        if (!issuedAt.isEmpty()) {
            try {
                issued = Instant.parse(issuedAt);
            } catch (DateTimeParseException e) {
                issued = now;
            }
        }
        return new Cached(token, issued.plus(lifetime));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
