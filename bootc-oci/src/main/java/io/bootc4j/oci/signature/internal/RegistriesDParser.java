package io.bootc4j.oci.signature.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.bootc4j.oci.signature.PolicyFormatException;
import io.bootc4j.oci.signature.RegistriesD;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads and merges the {@code *.yaml} files of a registries.d directory. Like containers/image,
 * unknown keys are ignored (it uses a non-strict YAML decoder) but duplicate keys, wrong types,
 * a namespace defined in two files and two {@code default-docker} sections are errors.
 */
public final class RegistriesDParser {

    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private RegistriesDParser() {}

    /** The merged configuration. */
    public record Merged(Optional<RegistriesD.Namespace> defaultDocker, Map<String, RegistriesD.Namespace> docker) {}

    public static Merged parseDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new Merged(Optional.empty(), Map.of());
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p)).sorted().forEach(files::add);
        }
        Optional<RegistriesD.Namespace> defaultDocker = Optional.empty();
        String defaultFrom = null;
        Map<String, RegistriesD.Namespace> docker = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        for (Path f : files) {
            String name = f.toString();
            Merged one = parse(Files.readAllBytes(f), name);
            if (one.defaultDocker().isPresent()) {
                if (defaultDocker.isPresent()) {
                    throw new PolicyFormatException(name, "default-docker",
                            "default-docker is defined both in " + defaultFrom + " and in " + name);
                }
                defaultDocker = one.defaultDocker();
                defaultFrom = name;
            }
            for (Map.Entry<String, RegistriesD.Namespace> e : one.docker().entrySet()) {
                if (docker.containsKey(e.getKey())) {
                    throw new PolicyFormatException(name, "docker[\"" + e.getKey() + "\"]",
                            "namespace \"" + e.getKey() + "\" is defined both in " + from.get(e.getKey()) + " and in " + name);
                }
                docker.put(e.getKey(), e.getValue());
                from.put(e.getKey(), name);
            }
        }
        return new Merged(defaultDocker, docker);
    }

    /** Parses one YAML document; {@code source} names it in errors. */
    public static Merged parse(byte[] yaml, String source) throws PolicyFormatException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new PolicyFormatException(source, "", e.getOriginalMessage());
        } catch (IOException e) {
            throw new PolicyFormatException(source, "", String.valueOf(e.getMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new Merged(Optional.empty(), Map.of());
        }
        if (!root.isObject()) {
            throw new PolicyFormatException(source, "", "expected a mapping at the top level");
        }
        Optional<RegistriesD.Namespace> defaultDocker = Optional.empty();
        JsonNode dd = root.get("default-docker");
        if (dd != null && !dd.isNull()) {
            defaultDocker = Optional.of(namespace(dd, source, "default-docker"));
        }
        Map<String, RegistriesD.Namespace> docker = new LinkedHashMap<>();
        JsonNode d = root.get("docker");
        if (d != null && !d.isNull()) {
            if (!d.isObject()) {
                throw new PolicyFormatException(source, "docker", "expected a mapping of namespaces");
            }
            for (var e : d.properties()) {
                String path = "docker[\"" + e.getKey() + "\"]";
                docker.put(e.getKey(), e.getValue().isNull()
                        ? new RegistriesD.Namespace(Optional.empty(), Optional.empty(), Optional.empty())
                        : namespace(e.getValue(), source, path));
            }
        }
        return new Merged(defaultDocker, docker);
    }

    private static RegistriesD.Namespace namespace(JsonNode n, String source, String path) throws PolicyFormatException {
        if (!n.isObject()) {
            throw new PolicyFormatException(source, path, "expected a mapping");
        }
        Optional<URI> lookaside = url(n, "lookaside", source, path);
        if (lookaside.isEmpty()) {
            lookaside = url(n, "sigstore", source, path);
        }
        Optional<URI> staging = url(n, "lookaside-staging", source, path);
        if (staging.isEmpty()) {
            staging = url(n, "sigstore-staging", source, path);
        }
        Optional<Boolean> attachments = Optional.empty();
        JsonNode a = n.get("use-sigstore-attachments");
        if (a != null && !a.isNull()) {
            if (!a.isBoolean()) {
                throw new PolicyFormatException(source, path + ".use-sigstore-attachments", "expected true or false, found " + a);
            }
            attachments = Optional.of(a.booleanValue());
        }
        return new RegistriesD.Namespace(lookaside, staging, attachments);
    }

    private static Optional<URI> url(JsonNode n, String key, String source, String path) throws PolicyFormatException {
        JsonNode v = n.get(key);
        if (v == null || v.isNull() || (v.isTextual() && v.textValue().isEmpty())) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new PolicyFormatException(source, path + "." + key, "expected a URL string, found " + v);
        }
        try {
            URI u = new URI(v.textValue());
            String scheme = u.getScheme();
            if (scheme == null || !(scheme.equals("file") || scheme.equals("http") || scheme.equals("https"))) {
                throw new PolicyFormatException(source, path + "." + key,
                        "unsupported lookaside URL \"" + v.textValue() + "\" (expected file://, http:// or https://)");
            }
            return Optional.of(u);
        } catch (URISyntaxException e) {
            throw new PolicyFormatException(source, path + "." + key, "invalid URL \"" + v.textValue() + "\": " + e.getMessage());
        }
    }
}
