package io.bootc4j.oci.registry.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.bootc4j.oci.registry.RegistryConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses one {@code registries.conf} (v2) file strictly; errors name the file and the key. */
public final class RegistriesConfParser {

    /** Which references a mirror serves ({@code pull-from-mirror}). */
    public enum PullFrom { ALL, DIGEST_ONLY, TAG_ONLY }

    /** One {@code [[registry.mirror]]}. */
    public record Mirror(String location, boolean insecure, PullFrom pullFrom) { }

    /** One {@code [[registry]]} table, with the file it came from. */
    public record Entry(String file, String prefix, String location, boolean insecure, boolean blocked,
                        boolean mirrorByDigestOnly, List<Mirror> mirrors) {
        /** {@code *.domain} prefixes match subdomains and never rewrite. */
        public boolean wildcard() {
            return prefix.startsWith("*.");
        }
    }

    private static final TomlMapper TOML = new TomlMapper();
    private static final Set<String> TOP_KEYS = Set.of("unqualified-search-registries", "registry", "aliases",
            "short-name-mode", "credential-helpers", "additional-layer-store-auth-helper");
    private static final Set<String> REGISTRY_KEYS = Set.of("prefix", "location", "insecure", "blocked",
            "mirror-by-digest-only", "mirror");
    private static final Set<String> MIRROR_KEYS = Set.of("location", "insecure", "pull-from-mirror");
    private static final Pattern LOCATION = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+(/[a-z0-9._\\-]+)*");
    private static final Pattern WILDCARD = Pattern.compile("\\*\\.[A-Za-z0-9.\\-]+");

    private final List<Entry> entries;
    private final Optional<List<String>> searchRegistries;

    private RegistriesConfParser(List<Entry> entries, Optional<List<String>> searchRegistries) {
        this.entries = entries;
        this.searchRegistries = searchRegistries;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The list when the file sets it (an empty list is a setting too). */
    public Optional<List<String>> searchRegistries() {
        return searchRegistries;
    }

    public static RegistriesConfParser read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public static RegistriesConfParser parse(String text, String file) throws RegistryConfigException {
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JacksonException e) {
            throw new RegistryConfigException(file, "not valid TOML: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            return new RegistriesConfParser(List.of(), Optional.empty());
        }
        if (root.has("registries")) {
            throw new RegistryConfigException(file, "version 1 format ([registries.search] tables) is not supported; use [[registry]]", null);
        }
        checkKeys(file, "top level", root, TOP_KEYS);
        Optional<List<String>> search = Optional.empty();
        if (root.has("unqualified-search-registries")) {
            search = Optional.of(strings(file, "unqualified-search-registries", root.get("unqualified-search-registries")));
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> prefixes = new HashSet<>();
        JsonNode regs = root.get("registry");
        if (regs != null) {
            if (!regs.isArray()) {
                throw new RegistryConfigException(file, "\"registry\" must be an array of tables ([[registry]])", null);
            }
            int i = 0;
            for (JsonNode reg : regs) {
                Entry e = entry(file, "[[registry]] #" + (++i), reg);
                if (!prefixes.add(e.prefix())) {
                    throw new RegistryConfigException(file, "prefix \"" + e.prefix() + "\" is defined more than once", null);
                }
                entries.add(e);
            }
        }
        return new RegistriesConfParser(List.copyOf(entries), search);
    }

    private static Entry entry(String file, String where, JsonNode reg) throws RegistryConfigException {
        if (!reg.isObject()) {
            throw new RegistryConfigException(file, where + " is not a table", null);
        }
        checkKeys(file, where, reg, REGISTRY_KEYS);
        String location = location(file, where + " location", string(file, where, reg, "location"));
        String prefix = string(file, where, reg, "prefix");
        if (prefix.isEmpty()) {
            if (location.isEmpty()) {
                throw new RegistryConfigException(file, where + ": both prefix and location are unset", null);
            }
            prefix = location;
        } else if (prefix.startsWith("*")) {
            if (!WILDCARD.matcher(prefix).matches()) {
                throw new RegistryConfigException(file, where + ": wildcard prefix \"" + prefix + "\" must look like *.example.com", null);
            }
            if (!location.isEmpty()) {
                throw new RegistryConfigException(file, where + ": location must be unset with wildcard prefix \"" + prefix + "\"", null);
            }
        } else {
            prefix = location(file, where + " prefix", prefix);
        }
        if (location.isEmpty() && !prefix.startsWith("*")) {
            location = prefix;
        }
        boolean byDigestOnly = bool(file, where, reg, "mirror-by-digest-only");
        List<Mirror> mirrors = new ArrayList<>();
        JsonNode ms = reg.get("mirror");
        if (ms != null) {
            if (!ms.isArray()) {
                throw new RegistryConfigException(file, where + ": \"mirror\" must be an array of tables ([[registry.mirror]])", null);
            }
            int j = 0;
            for (JsonNode m : ms) {
                String mw = where + " mirror #" + (++j);
                if (!m.isObject()) {
                    throw new RegistryConfigException(file, mw + " is not a table", null);
                }
                checkKeys(file, mw, m, MIRROR_KEYS);
                String ml = location(file, mw + " location", string(file, mw, m, "location"));
                if (ml.isEmpty()) {
                    throw new RegistryConfigException(file, mw + ": location is unset", null);
                }
                String pf = string(file, mw, m, "pull-from-mirror");
                PullFrom pullFrom = switch (pf) {
                    case "", "all" -> PullFrom.ALL;
                    case "digest-only" -> PullFrom.DIGEST_ONLY;
                    case "tag-only" -> PullFrom.TAG_ONLY;
                    default -> throw new RegistryConfigException(file, mw + ": pull-from-mirror \"" + pf
                            + "\" is not one of all, digest-only, tag-only", null);
                };
                if (byDigestOnly && pullFrom != PullFrom.ALL) {
                    throw new RegistryConfigException(file, mw + ": pull-from-mirror cannot be combined with mirror-by-digest-only", null);
                }
                mirrors.add(new Mirror(ml, bool(file, mw, m, "insecure"), pullFrom));
            }
        }
        return new Entry(file, prefix, location, bool(file, where, reg, "insecure"), bool(file, where, reg, "blocked"),
                byDigestOnly, List.copyOf(mirrors));
    }

    private static String location(String file, String where, String value) throws RegistryConfigException {
        if (value.isEmpty()) {
            return value;
        }
        if (value.contains("://")) {
            throw new RegistryConfigException(file, where + " \"" + value + "\" must not contain a URI scheme", null);
        }
        String v = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        if (!LOCATION.matcher(v).matches()) {
            throw new RegistryConfigException(file, where + " \"" + value + "\" is not host[:port][/path]", null);
        }
        return v.toLowerCase(Locale.ROOT).equals(v) ? v : v.substring(0, hostEnd(v)).toLowerCase(Locale.ROOT) + v.substring(hostEnd(v));
    }

    private static int hostEnd(String v) {
        int slash = v.indexOf('/');
        return slash < 0 ? v.length() : slash;
    }

    private static void checkKeys(String file, String where, JsonNode node, Set<String> allowed) throws RegistryConfigException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new RegistryConfigException(file, where + ": unknown key \"" + k + "\"", null);
            }
        }
    }

    private static String string(String file, String where, JsonNode node, String key) throws RegistryConfigException {
        JsonNode v = node.get(key);
        if (v == null) {
            return "";
        }
        if (!v.isTextual()) {
            throw new RegistryConfigException(file, where + ": \"" + key + "\" must be a string, not " + v, null);
        }
        return v.asText();
    }

    private static boolean bool(String file, String where, JsonNode node, String key) throws RegistryConfigException {
        JsonNode v = node.get(key);
        if (v == null) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new RegistryConfigException(file, where + ": \"" + key + "\" must be true or false, not " + v, null);
        }
        return v.asBoolean();
    }

    private static List<String> strings(String file, String key, JsonNode v) throws RegistryConfigException {
        if (!v.isArray()) {
            throw new RegistryConfigException(file, "\"" + key + "\" must be an array of strings", null);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : v) {
            if (!s.isTextual() || s.asText().isEmpty()) {
                throw new RegistryConfigException(file, "\"" + key + "\" must be an array of non-empty strings, found " + s, null);
            }
            out.add(s.asText());
        }
        return List.copyOf(out);
    }
}
