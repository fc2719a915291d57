package io.bootc4j.oci.signature.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Strict JSON reading in the manner of containers/image's {@code ParanoidUnmarshalJSONObject}:
 * duplicate keys anywhere, trailing data and (per object, via {@link Obj#allowOnly}) unknown keys
 * are errors. Every error is a {@link JsonShapeException} carrying the JSON path of the offence,
 * which callers turn into their own domain exception.
 */
public final class StrictJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictJson() {}

    /** Parses a whole document; duplicate keys and trailing tokens are rejected. */
    public static JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new JsonShapeException("", "document is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw new JsonShapeException("", e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw new JsonShapeException("", e.getMessage());
        }
    }

    /** The top-level value as an object. */
    public static Obj root(JsonNode node) {
        return asObject(node, "");
    }

    static Obj asObject(JsonNode node, String path) {
        if (!(node instanceof ObjectNode o)) {
            throw new JsonShapeException(path, "expected a JSON object, found " + kind(node));
        }
        return new Obj(o, path);
    }

    static String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    static String child(String path, String key) {
        boolean plain = !key.isEmpty() && key.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-');
        String part = plain ? key : '"' + key + '"';
        return path.isEmpty() ? part : path + (plain ? "." + part : "[" + part + "]");
    }

    /** A JSON object being read strictly; {@link #path()} names it in errors. */
    public static final class Obj {
        private final ObjectNode node;
        private final String path;

        Obj(ObjectNode node, String path) {
            this.node = node;
            this.path = path;
        }

        public String path() {
            return path;
        }

        public String pathOf(String key) {
            return child(path, key);
        }

        /** Rejects any key outside {@code allowed}, naming the first unknown one. */
        public Obj allowOnly(Set<String> allowed) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!allowed.contains(k)) {
                    throw new JsonShapeException(pathOf(k), "unknown key \"" + k + "\"");
                }
            }
            return this;
        }

        public boolean has(String key) {
            return node.has(key);
        }

        public List<String> keys() {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            return keys;
        }

        public JsonNode raw(String key) {
            JsonNode v = node.get(key);
            if (v == null) {
                throw new JsonShapeException(pathOf(key), "required key \"" + key + "\" is missing");
            }
            return v;
        }

        public String string(String key) {
            JsonNode v = raw(key);
            if (!v.isTextual()) {
                throw new JsonShapeException(pathOf(key), "expected a string, found " + kind(v));
            }
            return v.textValue();
        }

        public Optional<String> optString(String key) {
            return has(key) ? Optional.of(string(key)) : Optional.empty();
        }

        public List<String> stringList(String key) {
            JsonNode v = raw(key);
            if (!v.isArray()) {
                throw new JsonShapeException(pathOf(key), "expected an array of strings, found " + kind(v));
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                JsonNode e = v.get(i);
                if (!e.isTextual()) {
                    throw new JsonShapeException(pathOf(key) + "[" + i + "]", "expected a string, found " + kind(e));
                }
                out.add(e.textValue());
            }
            return out;
        }

        /** A base64 field, as Go encodes {@code []byte} in JSON. */
        public byte[] base64(String key) {
            return decodeBase64(string(key), pathOf(key));
        }

        public List<byte[]> base64List(String key) {
            List<String> values = stringList(key);
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                out.add(decodeBase64(values.get(i), pathOf(key) + "[" + i + "]"));
            }
            return out;
        }

        public Obj object(String key) {
            return asObject(raw(key), pathOf(key));
        }

        public List<JsonNode> array(String key) {
            JsonNode v = raw(key);
            if (!v.isArray()) {
                throw new JsonShapeException(pathOf(key), "expected an array, found " + kind(v));
            }
            List<JsonNode> out = new ArrayList<>();
            v.forEach(out::add);
            return out;
        }

        public boolean bool(String key) {
            JsonNode v = raw(key);
            if (!v.isBoolean()) {
                throw new JsonShapeException(pathOf(key), "expected a boolean, found " + kind(v));
            }
            return v.booleanValue();
        }

        /** An integer number; fractions and exponents are rejected as Go's {@code json.Number.Int64} does. */
        public long integer(String key) {
            JsonNode v = raw(key);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new JsonShapeException(pathOf(key), "expected an integer, found " + v);
            }
            return v.longValue();
        }
    }

    static byte[] decodeBase64(String text, String path) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new JsonShapeException(path, "invalid base64: " + e.getMessage());
        }
    }
}
