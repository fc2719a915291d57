package io.bootc4j.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The token endpoint of the Docker token-auth protocol, for {@link RegistryServer} in bearer mode.
 *
 * <p>{@code GET /token?service=…&scope=repository:NAME:ACTIONS…} with correct Basic credentials
 * gets every action it asks for; wrong credentials get 401; no credentials get {@code pull} only
 * when anonymous pulls are allowed (otherwise a token with an empty access list, as Docker Hub
 * answers). {@code POST /token} implements the OAuth2 {@code password} and {@code refresh_token}
 * grants; the refresh token is {@link #identityToken()}. Tokens are ES256 (P-256) JWTs whose {@code kid} is the libtrust key id of the signing key:
 * distribution 2.8 ({@code registry/auth/token/token.go}, {@code verifySigningKey}) looks a
 * token without {@code x5c} up by that id among the keys of {@code rootcertbundle}.
 */
final class TokenServer implements AutoCloseable {

    static final String SERVICE = "bootc4j-test-registry";
    static final String ISSUER = "bootc4j-test-issuer";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final RegistryServer.Auth auth;
    private final KeyPair key;
    private final String keyId;
    private final HttpServer http;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> scopes = new CopyOnWriteArrayList<>();
    private final String identityToken = UUID.randomUUID().toString();

    TokenServer(RegistryServer.Auth auth) {
        this.auth = auth;
        try {
            // P-256 rather than RSA: RSA-2048 generation takes seconds on a small test machine.
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            this.key = gen.generateKeyPair();
            this.keyId = libtrustKeyId(key.getPublic());
            this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate the token signing key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the token server on loopback", e);
        }
        http.createContext("/token", this::handle);
        http.start();
    }

    String realm() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/token";
    }

    /** The OAuth2 refresh token ({@code identitytoken} in auth.json) this endpoint accepts for the user. */
    String identityToken() {
        return identityToken;
    }

    int requests() {
        return requests.get();
    }

    List<String> scopes() {
        return Collections.unmodifiableList(new ArrayList<>(scopes));
    }

    /** Writes the self-signed certificate of the signing key as PEM, for {@code rootcertbundle}. */
    void writeRootCertificate(Path file) {
        try {
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=" + ISSUER);
            X509CertificateHolder cert = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(86_400)), name, key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign the token certificate", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            String method = ex.getRequestMethod();
            if (method.equals("GET")) {
                Map<String, List<String>> query = form(ex.getRequestURI().getRawQuery());
                List<String> requested = scopes(query);
                String header = ex.getRequestHeaders().getFirst("Authorization");
                boolean authenticated = false;
                if (header != null) {
                    if (!header.regionMatches(true, 0, "Basic ", 0, 6) || !basicMatches(header.substring(6).trim())) {
                        unauthorized(ex, "bad credentials");
                        return;
                    }
                    authenticated = true;
                }
                String account = first(query, "account");
                String subject = authenticated ? auth.user() : (account == null ? "" : account);
                issue(ex, subject, requested, authenticated, false);
            } else if (method.equals("POST")) {
                // OAuth2 (docker/distribution docs/spec/auth/oauth.md): password or refresh_token grants.
                Map<String, List<String>> body = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                List<String> requested = scopes(body);
                String grant = first(body, "grant_type");
                if ("refresh_token".equals(grant)) {
                    if (!identityToken.equals(first(body, "refresh_token"))) {
                        unauthorized(ex, "unknown refresh token");
                        return;
                    }
                    issue(ex, auth.user(), requested, true, false);
                } else if ("password".equals(grant)) {
                    if (!passwordMatches(first(body, "username"), first(body, "password"))) {
                        unauthorized(ex, "bad credentials");
                        return;
                    }
                    issue(ex, auth.user(), requested, true, "offline".equals(first(body, "access_type")));
                } else {
                    respond(ex, 400, "{\"error\":\"unsupported_grant_type\"}");
                }
            } else {
                respond(ex, 405, "{\"error\":\"GET or POST\"}");
            }
        }
    }

    private void issue(HttpExchange ex, String subject, List<String> requested, boolean authenticated,
                       boolean withRefreshToken) throws IOException {
        String token = sign(subject, grant(requested, authenticated));
        ObjectNode body = JSON.createObjectNode();
        body.put("token", token);
        body.put("access_token", token);
        body.put("expires_in", auth.tokenLifetime().toSeconds());
        body.put("issued_at", Instant.now().toString());
        if (withRefreshToken) {
            body.put("refresh_token", identityToken);
        }
        respond(ex, 200, JSON.writeValueAsString(body));
    }

    private List<String> scopes(Map<String, List<String>> params) {
        List<String> requested = new ArrayList<>();
        for (String scope : params.getOrDefault("scope", List.of())) {
            requested.addAll(List.of(scope.split(" ")));
        }
        scopes.addAll(requested);
        return requested;
    }

    private static Map<String, List<String>> form(String raw) {
        Map<String, List<String>> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String first(Map<String, List<String>> params, String key) {
        List<String> values = params.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void unauthorized(HttpExchange ex, String message) throws IOException {
        respond(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"" + message + "\"}]}");
    }

    private boolean passwordMatches(String user, String password) {
        return user != null && password != null && MessageDigest.isEqual(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8),
                (auth.user() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8));
    }

    private boolean basicMatches(String base64) {
        byte[] given;
        try {
            given = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected = (auth.user() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected);
    }

    private ArrayNode grant(List<String> requested, boolean authenticated) {
        ArrayNode access = JSON.createArrayNode();
        for (String scope : requested) {
            String[] parts = scope.split(":");
            if (parts.length < 3) {
                continue;
            }
            // Repository names never contain ':', but a registry host with a port in the name could.
            String type = parts[0];
            String actionsText = parts[parts.length - 1];
            String name = scope.substring(type.length() + 1, scope.length() - actionsText.length() - 1);
            Set<String> actions = new LinkedHashSet<>();
            for (String a : actionsText.split(",")) {
                if (authenticated || (auth.anonymousPull() && a.equals("pull"))) {
                    actions.add(a);
                }
            }
            if (!actions.isEmpty()) {
                ObjectNode entry = access.addObject();
                entry.put("type", type);
                entry.put("name", name);
                ArrayNode list = entry.putArray("actions");
                actions.forEach(list::add);
            }
        }
        return access;
    }

    private String sign(String subject, ArrayNode access) throws IOException {
        long now = Instant.now().getEpochSecond();
        ObjectNode header = JSON.createObjectNode();
        header.put("typ", "JWT");
        header.put("alg", "ES256");
        header.put("kid", keyId);
        ObjectNode claims = JSON.createObjectNode();
        claims.put("iss", ISSUER);
        claims.put("sub", subject);
        claims.put("aud", SERVICE);
        claims.put("exp", now + auth.tokenLifetime().toSeconds());
        claims.put("nbf", now - 10);
        claims.put("iat", now);
        claims.put("jti", UUID.randomUUID().toString());
        claims.set("access", access);
        String signingInput = B64URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + B64URL.encodeToString(JSON.writeValueAsBytes(claims));
        try {
            // JWS wants the raw r||s signature (RFC 7518 §3.4), which is the JDK's P1363 format.
            Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
            ecdsa.initSign(key.getPrivate(), new SecureRandom());
            ecdsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(ecdsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private static void respond(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    /**
     * The libtrust key id: SHA-256 of the DER SubjectPublicKeyInfo, first 240 bits, base32
     * (RFC 4648 alphabet, no padding), in twelve colon-separated groups of four characters.
     */
    static String libtrustKeyId(PublicKey publicKey) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder b32 = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < 30; i++) {
            buffer = (buffer << 8) | (hash[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                b32.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < b32.length(); i += 4) {
            if (i > 0) {
                id.append(':');
            }
            id.append(b32, i, i + 4);
        }
        return id.toString();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
