package io.bootc4j.oci.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootc4j.oci.ManifestFormatException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The module's single JSON reader/writer for image documents: duplicate keys are an error
 * (an attacker could otherwise make two parsers disagree), and every failure is a
 * {@link ManifestFormatException} naming the document.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    static {
        MAPPER.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    private Json() {
    }

    /** Parses {@code bytes} as one JSON object. */
    public static ObjectNode readObject(byte[] bytes, String subject) throws ManifestFormatException {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ManifestFormatException(subject, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ManifestFormatException(subject, "malformed JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new ManifestFormatException(subject, "expected a JSON object");
        }
        return (ObjectNode) node;
    }

    public static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    /** Compact serialization, fields in insertion order. */
    public static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
    }

    public static String requiredString(JsonNode obj, String field, String subject) throws ManifestFormatException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            throw new ManifestFormatException(subject, "missing field \"" + field + "\"");
        }
        if (!v.isTextual()) {
            throw new ManifestFormatException(subject, "field \"" + field + "\" must be a string");
        }
        return v.asText();
    }

    public static Optional<String> optionalString(JsonNode obj, String field, String subject) throws ManifestFormatException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new ManifestFormatException(subject, "field \"" + field + "\" must be a string");
        }
        return Optional.of(v.asText());
    }

    public static Map<String, String> stringMap(JsonNode obj, String field, String subject) throws ManifestFormatException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new ManifestFormatException(subject, "field \"" + field + "\" must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (!e.getValue().isTextual()) {
                throw new ManifestFormatException(subject, "field \"" + field + "\" value of \"" + e.getKey() + "\" must be a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
