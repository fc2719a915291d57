package io.bootc4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A real {@code docker-registry} (distribution 2.8) serving on a free loopback port, with its own
 * storage directory and generated config, for interop tests of registry clients.
 *
 * <pre>{@code
 * try (RegistryServer registry = RegistryServer.start(RegistryServer.Auth.basic("alice", "s3cret"))) {
 *     new Skopeo().copy("oci:" + layout + ":v1", "docker://" + registry.host() + "/os:v1",
 *             "--dest-tls-verify=false", "--dest-creds=" + registry.auth().credentials()).assertSuccess();
 * }
 * }</pre>
 *
 * <p>{@link #start} returns once {@code GET /v2/} answers (200, or 401 under authentication).
 * {@link #close} stops the process (SIGTERM, then SIGKILL after five seconds) and deletes the
 * storage. Blob deletion is enabled. In bearer mode the fixture serves the token endpoint itself
 * (see {@link #tokenRequests()}). Instances are thread-safe.
 */
public final class RegistryServer implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(20);

    /** How clients must authenticate. Build with {@link #none()}, {@link #basic} or {@link #bearer}. */
    public record Auth(Kind kind, String user, String password, boolean anonymousPull, Duration tokenLifetime) {

        /** Token lifetime unless {@link #withTokenLifetime} says otherwise. */
        public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofMinutes(5);

        /** The authentication scheme the registry demands. */
        public enum Kind { NONE, BASIC, BEARER }

        public Auth {
            Objects.requireNonNull(kind, "kind");
            if (kind != Kind.NONE) {
                if (user == null || user.isEmpty() || user.contains(":")) {
                    throw new IllegalArgumentException("registry user \"" + user + "\": must be non-empty without ':'");
                }
                Objects.requireNonNull(password, "password");
            }
            if (anonymousPull && kind != Kind.BEARER) {
                throw new IllegalArgumentException("anonymous pull is a bearer-mode option, not " + kind);
            }
            Objects.requireNonNull(tokenLifetime, "tokenLifetime");
            if (tokenLifetime.toSeconds() < 1) {
                throw new IllegalArgumentException("token lifetime " + tokenLifetime + ": must be at least one second");
            }
        }

        /** No authentication: every client may push and pull. */
        public static Auth none() {
            return new Auth(Kind.NONE, null, null, false, DEFAULT_TOKEN_LIFETIME);
        }

        /** HTTP Basic against an htpasswd file (bcrypt); anonymous clients get 401. */
        public static Auth basic(String user, String password) {
            return new Auth(Kind.BASIC, user, password, false, DEFAULT_TOKEN_LIFETIME);
        }

        /** Docker token auth; anonymous clients get a token without rights unless {@link #withAnonymousPull()}. */
        public static Auth bearer(String user, String password) {
            return new Auth(Kind.BEARER, user, password, false, DEFAULT_TOKEN_LIFETIME);
        }

        /** This bearer configuration, but anonymous token requests are granted {@code pull}. */
        public Auth withAnonymousPull() {
            return new Auth(kind, user, password, true, tokenLifetime);
        }

        /**
         * This bearer configuration, but tokens expire after {@code lifetime} (whole seconds; the
         * JWT {@code exp} and the response's {@code expires_in}), to test a client's token cache.
         * Note that distribution 2.8 accepts a token for 60 seconds past its {@code exp}.
         */
        public Auth withTokenLifetime(Duration lifetime) {
            if (kind != Kind.BEARER) {
                throw new IllegalArgumentException("token lifetime is a bearer-mode option, not " + kind);
            }
            return new Auth(kind, user, password, anonymousPull, lifetime);
        }

        /** {@code user:password}, as skopeo's {@code --creds} takes it; empty for {@link Kind#NONE}. */
        public Optional<String> credentials() {
            return kind == Kind.NONE ? Optional.empty() : Optional.of(user + ":" + password);
        }

        @Override
        public String toString() {
            return kind == Kind.NONE ? "Auth[none]" : "Auth[" + kind.name().toLowerCase() + " " + user
                    + (anonymousPull ? ", anonymous pull" : "") + "]";
        }
    }

    private final Auth auth;
    private final Path workDir;
    private final Path storage;
    private final int port;
    private final Process process;
    private final TokenServer tokens;
    private final Thread onExit;

    private RegistryServer(Auth auth, Path workDir, int port, Process process, TokenServer tokens) {
        this.auth = auth;
        this.workDir = workDir;
        this.storage = workDir.resolve("storage");
        this.port = port;
        this.process = process;
        this.tokens = tokens;
        // A test JVM that exits without closing the fixture must not leave a registry running.
        this.onExit = new Thread(() -> {
            process.destroyForcibly();
            TempDirectory.delete(workDir);
        }, "registry-server-cleanup");
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** Starts a registry with {@code auth}; throws {@link AssertionError} with its log if it does not come up. */
    public static RegistryServer start(Auth auth) {
        Objects.requireNonNull(auth, "auth");
        Path binary = Tools.find("docker-registry").orElseThrow(() -> new IllegalStateException(
                "docker-registry not on PATH (install the Debian package docker-registry)"));
        Path work = TempDirectory.create("bootc4j-registry-");
        TokenServer tokens = null;
        try {
            Files.createDirectories(work.resolve("storage"));
            String authYaml = "";
            switch (auth.kind()) {
                case NONE -> { }
                case BASIC -> {
                    Path htpasswd = work.resolve("htpasswd");
                    byte[] salt = new byte[16];
                    new SecureRandom().nextBytes(salt);
                    // Cost 5 keeps per-request bcrypt checks cheap; Go's bcrypt accepts 4 and up.
                    String hash = OpenBSDBCrypt.generate("2y", auth.password().toCharArray(), salt, 5);
                    Files.writeString(htpasswd, auth.user() + ":" + hash + "\n", StandardCharsets.UTF_8);
                    authYaml = "auth:\n  htpasswd:\n    realm: bootc4j-test\n    path: " + htpasswd + "\n";
                }
                case BEARER -> {
                    tokens = new TokenServer(auth);
                    Path cert = work.resolve("token-root.pem");
                    tokens.writeRootCertificate(cert);
                    authYaml = "auth:\n  token:\n    realm: " + tokens.realm() + "\n    service: " + TokenServer.SERVICE
                            + "\n    issuer: " + TokenServer.ISSUER + "\n    rootcertbundle: " + cert + "\n";
                }
                default -> throw new IllegalStateException(auth.kind().name());
            }
            AssertionError last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                Path config = work.resolve("config.yml");
                Files.writeString(config, config(work.resolve("storage"), port, authYaml), StandardCharsets.UTF_8);
                Path log = work.resolve("registry.log");
                Process process = new ProcessBuilder(binary.toString(), "serve", config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
                try {
                    awaitReady(process, port, log);
                    return new RegistryServer(auth, work, port, process, tokens);
                } catch (AssertionError e) {
                    stop(process);
                    last = e;
                    // Another process may have taken the port between probing and binding: retry.
                    if (!Files.readString(log).contains("address already in use")) {
                        break;
                    }
                }
            }
            throw Objects.requireNonNull(last);
        } catch (IOException e) {
            cleanup(tokens, work);
            throw new UncheckedIOException("cannot start docker-registry in " + work, e);
        } catch (RuntimeException | Error e) {
            cleanup(tokens, work);
            throw e;
        }
    }

    private static void cleanup(TokenServer tokens, Path work) {
        if (tokens != null) {
            tokens.close();
        }
        TempDirectory.delete(work);
    }

    private static String config(Path storage, int port, String authYaml) {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return "version: 0.1\n"
                + "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
                + "storage:\n  filesystem:\n    rootdirectory: " + storage + "\n"
                + "  delete:\n    enabled: true\n"
                + "  maintenance:\n    uploadpurging:\n      enabled: false\n"
                + "http:\n  addr: 127.0.0.1:" + port + "\n  secret: " + HexFormat.of().formatHex(secret) + "\n"
                + authYaml;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitReady(Process process, int port, Path log) throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        URI ping = URI.create("http://127.0.0.1:" + port + "/v2/");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("docker-registry exited " + process.exitValue() + " before serving on port "
                        + port + "; log:\n" + Files.readString(log));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) ping.toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                int status = c.getResponseCode();
                c.disconnect();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for docker-registry", e);
            }
        }
        throw new AssertionError("docker-registry did not answer GET " + ping + " within " + STARTUP + "; log:\n"
                + Files.readString(log));
    }

    /** {@code 127.0.0.1:PORT}, the registry part of image references. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://" + host();
    }

    public int port() {
        return port;
    }

    /** The registry's storage root ({@code storage.filesystem.rootdirectory}), deleted on close. */
    public Path storage() {
        return storage;
    }

    public Auth auth() {
        return auth;
    }

    /** Token requests the bearer-mode token endpoint has received; 0 in other modes. */
    public int tokenRequests() {
        return tokens == null ? 0 : tokens.requests();
    }

    /** Every {@code scope} parameter the token endpoint has received, in order; empty in other modes. */
    public List<String> tokenScopes() {
        return tokens == null ? List.of() : tokens.scopes();
    }

    /**
     * In bearer mode, an OAuth2 refresh token for the user: put it in auth.json as
     * {@code identitytoken} and clients exchange it at the token endpoint with
     * {@code POST grant_type=refresh_token}.
     */
    public Optional<String> identityToken() {
        return tokens == null ? Optional.empty() : Optional.of(tokens.identityToken());
    }

    /** The bearer-mode token endpoint ({@code realm}), if this registry uses one. */
    public Optional<String> tokenRealm() {
        return tokens == null ? Optional.empty() : Optional.of(tokens.realm());
    }

    /**
     * Writes a containers {@code auth.json} holding this registry's credentials:
     * {@code {"auths":{"127.0.0.1:PORT":{"auth":"base64(user:password)"}}}} ({@code {"auths":{}}} when
     * there are none). Parent directories are created.
     */
    public Path writeAuthFile(Path file) {
        String entries = auth.credentials()
                .map(c -> "\"" + host() + "\":{\"auth\":\""
                        + Base64.getEncoder().encodeToString(c.getBytes(StandardCharsets.UTF_8)) + "\"}")
                .orElse("");
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, "{\"auths\":{" + entries + "}}\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write auth file " + file, e);
        }
    }

    /**
     * Writes a containers {@code auth.json} that authenticates with the bearer-mode
     * {@link #identityToken()} instead of a password:
     * {@code {"auths":{"127.0.0.1:PORT":{"auth":"base64(user:)","identitytoken":"…"}}}}.
     */
    public Path writeIdentityTokenAuthFile(Path file) {
        String token = identityToken().orElseThrow(() -> new IllegalStateException(
                "registry " + host() + " has no token endpoint (" + auth + ")"));
        String entry = "{\"auths\":{\"" + host() + "\":{\"auth\":\""
                + Base64.getEncoder().encodeToString((auth.user() + ":").getBytes(StandardCharsets.UTF_8))
                + "\",\"identitytoken\":\"" + token + "\"}}}\n";
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, entry, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write auth file " + file, e);
        }
    }

    /** Stops the registry (and token endpoint) and deletes its storage. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it does the same work.
        }
        stop(process);
        if (tokens != null) {
            tokens.close();
        }
        TempDirectory.delete(workDir);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "RegistryServer[" + url() + ", " + auth + "]";
    }
}
