package io.bootc4j.oci.registry.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootc4j.oci.registry.Credential;
import io.bootc4j.oci.registry.RegistryConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One parsed {@code auth.json} / Docker {@code config.json} / legacy {@code .dockercfg}. Entries
 * are decoded lazily at lookup so that one bad entry for another registry does not break a pull,
 * but a bad entry that is selected fails with the file and key named.
 */
public final class AuthFileFormat {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_SIZE = 1 << 20;

    private final Path file;
    private final Map<String, JsonNode> auths;
    private final Map<String, String> credHelpers;
    private final String credsStore;

    private AuthFileFormat(Path file, Map<String, JsonNode> auths, Map<String, String> credHelpers, String credsStore) {
        this.file = file;
        this.auths = auths;
        this.credHelpers = credHelpers;
        this.credsStore = credsStore;
    }

    /** Reads {@code file}; {@code legacy} means registry keys at the top level ({@code .dockercfg}). */
    public static AuthFileFormat read(Path file, boolean legacy) throws IOException {
        if (Files.size(file) > MAX_SIZE) {
            throw new RegistryConfigException(file, "larger than " + MAX_SIZE + " bytes");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return new AuthFileFormat(file, Map.of(), Map.of(), null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RegistryConfigException(file.toString(), "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new RegistryConfigException(file, "top level is not a JSON object");
        }
        JsonNode authsNode = legacy ? root : root.get("auths");
        Map<String, JsonNode> auths = new LinkedHashMap<>();
        if (authsNode != null && !authsNode.isNull()) {
            if (!authsNode.isObject()) {
                throw new RegistryConfigException(file, "\"auths\" is not an object");
            }
            for (Map.Entry<String, JsonNode> e : authsNode.properties()) {
                if (!e.getValue().isObject()) {
                    throw new RegistryConfigException(file, "auths entry \"" + e.getKey() + "\" is not an object");
                }
                auths.put(e.getKey(), e.getValue());
            }
        }
        Map<String, String> helpers = new LinkedHashMap<>();
        JsonNode helpersNode = legacy ? null : root.get("credHelpers");
        if (helpersNode != null && !helpersNode.isNull()) {
            if (!helpersNode.isObject()) {
                throw new RegistryConfigException(file, "\"credHelpers\" is not an object");
            }
            for (Map.Entry<String, JsonNode> e : helpersNode.properties()) {
                helpers.put(e.getKey(), helperName(file, "credHelpers \"" + e.getKey() + "\"", e.getValue()));
            }
        }
        JsonNode storeNode = legacy ? null : root.get("credsStore");
        String store = storeNode == null || storeNode.isNull() || storeNode.asText().isEmpty() ? null
                : helperName(file, "credsStore", storeNode);
        return new AuthFileFormat(file, auths, helpers, store);
    }

    private static String helperName(Path file, String what, JsonNode node) throws RegistryConfigException {
        if (!node.isTextual() || !node.asText().matches("[A-Za-z0-9._-]+")) {
            throw new RegistryConfigException(file, what + " is not a helper name: " + node);
        }
        return node.asText();
    }

    /** The {@code credHelpers} helper for {@code registry}; helpers are keyed by host only. */
    public Optional<String> helperFor(String registry) {
        String helper = credHelpers.get(registry);
        if (helper == null) {
            for (Map.Entry<String, String> e : credHelpers.entrySet()) {
                if (normalizeKey(e.getKey()).equals(normalizeRegistry(registry))) {
                    return Optional.of(e.getValue());
                }
            }
        }
        return Optional.ofNullable(helper);
    }

    public Optional<String> credsStore() {
        return Optional.ofNullable(credsStore);
    }

    /** The most specific {@code auths} entry for {@code registry/repository}. */
    public Optional<Credential> lookup(String registry, String repository) throws RegistryConfigException {
        String key = repository.isEmpty() ? registry : registry + "/" + repository;
        while (true) {
            JsonNode entry = auths.get(key);
            if (entry != null) {
                Optional<Credential> c = decode(key, entry);
                if (c.isPresent()) {
                    return c;
                }
            }
            int slash = key.lastIndexOf('/');
            if (slash < 0) {
                break;
            }
            key = key.substring(0, slash);
        }
        String wanted = normalizeRegistry(registry);
        for (Map.Entry<String, JsonNode> e : auths.entrySet()) {
            if (normalizeKey(e.getKey()).equals(wanted)) {
                Optional<Credential> c = decode(e.getKey(), e.getValue());
                if (c.isPresent()) {
                    return c;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Credential> decode(String key, JsonNode entry) throws RegistryConfigException {
        String token = text(entry, "identitytoken");
        String auth = text(entry, "auth");
        String user = "";
        String password = "";
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new RegistryConfigException(file.toString(), "auths \"" + key + "\": \"auth\" is not base64", e);
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new RegistryConfigException(file, "auths \"" + key + "\": \"auth\" does not decode to user:password");
            }
            user = decoded.substring(0, colon);
            // Docker's Windows credential store pads passwords with NULs; containers/image trims them.
            password = decoded.substring(colon + 1).replaceAll("\0+$", "");
        }
        if (!token.isEmpty()) {
            return Optional.of(Credential.identityToken(user, token));
        }
        if (user.isEmpty()) {
            // An empty {} entry marks "use the credsStore" in Docker's format.
            return Optional.empty();
        }
        return Optional.of(Credential.basic(user, password));
    }

    private String text(JsonNode entry, String field) throws RegistryConfigException {
        JsonNode n = entry.get(field);
        if (n == null || n.isNull()) {
            return "";
        }
        if (!n.isTextual()) {
            throw new RegistryConfigException(file, "field \"" + field + "\" is not a string");
        }
        return n.asText();
    }

    /** Legacy keys: strip {@code http(s)://} and any path, then unify Docker Hub's names. */
    static String normalizeKey(String key) {
        String k = key;
        if (k.startsWith("http://") || k.startsWith("https://")) {
            k = k.substring(k.indexOf("://") + 3);
            int slash = k.indexOf('/');
            if (slash >= 0) {
                k = k.substring(0, slash);
            }
        }
        return normalizeRegistry(k);
    }

    static String normalizeRegistry(String registry) {
        return switch (registry) {
            case "docker.io", "registry-1.docker.io" -> "index.docker.io";
            default -> registry;
        };
    }
}
