package io.bootc4j.oci.registry.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootc4j.oci.registry.Credential;
import io.bootc4j.oci.registry.RegistryConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs Docker credential helpers ({@code docker-credential-NAME get}): the registry host goes to
 * stdin, {@code {"ServerURL","Username","Secret"}} comes back on stdout. The protocol is
 * documented in docker/docker-credential-helpers' README.
 */
public final class CredentialHelper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 30;

    private final Map<String, String> env;

    public CredentialHelper(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The credential {@code helper} holds for {@code registry}, or empty when it has none. */
    public Optional<Credential> get(String helper, String registry) throws IOException {
        String name = "docker-credential-" + helper;
        Path exe = findOnPath(name).orElseThrow(() -> new RegistryConfigException(name, "credential helper not found on PATH "
                + env.getOrDefault("PATH", ""), null));
        ProcessBuilder pb = new ProcessBuilder(exe.toString(), "get");
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(registry.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The helper may exit without reading stdin; its exit status tells the story.
        }
        String output;
        int status;
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RegistryConfigException(name, "did not answer for " + registry + " within " + TIMEOUT_SECONDS + " s", null);
            }
            status = p.exitValue();
            output = new String(out.join(), StandardCharsets.UTF_8).trim();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException(name + " interrupted");
        }
        if (status != 0) {
            if (output.toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) {
                return Optional.empty();
            }
            throw new RegistryConfigException(name, "get " + registry + " exited with " + status + ": " + firstLine(output), null);
        }
        JsonNode json;
        try {
            json = JSON.readTree(output);
        } catch (JsonProcessingException e) {
            throw new RegistryConfigException(name, "get " + registry + " printed no JSON object", e);
        }
        if (json == null || !json.isObject()) {
            throw new RegistryConfigException(name, "get " + registry + " printed no JSON object", null);
        }
        String user = json.path("Username").asText("");
        String secret = json.path("Secret").asText("");
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        if (user.equals("<token>")) {
            return Optional.of(Credential.identityToken("", secret));
        }
        if (user.isEmpty()) {
            throw new RegistryConfigException(name, "get " + registry + " returned a secret without a Username", null);
        }
        return Optional.of(Credential.basic(user, secret));
    }

    private Optional<Path> findOnPath(String name) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readNBytes(1 << 20);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
