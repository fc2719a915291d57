package io.bootc4j.oci.registry.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parses {@code WWW-Authenticate} values (RFC 7235 §4.1): one or more challenges, each a scheme
 * followed by comma-separated {@code key=token} or {@code key="quoted"} parameters. Schemes and
 * keys are lower-cased. Malformed trailing parts are dropped rather than failing a pull.
 */
public final class WwwAuthenticate {

    /** One challenge, e.g. {@code bearer} with {@code realm}, {@code service}, {@code scope}. */
    public record Challenge(String scheme, Map<String, String> params) {
        public Challenge {
            params = Map.copyOf(params);
        }

        public Optional<String> param(String key) {
            return Optional.ofNullable(params.get(key));
        }
    }

    private final String s;
    private int i;

    private WwwAuthenticate(String s) {
        this.s = s;
    }

    /** All challenges in all the given header values, in order. */
    public static List<Challenge> parse(List<String> headerValues) {
        List<Challenge> out = new ArrayList<>();
        for (String v : headerValues) {
            out.addAll(new WwwAuthenticate(v).challenges());
        }
        return out;
    }

    private List<Challenge> challenges() {
        List<Challenge> out = new ArrayList<>();
        skipSeparators();
        while (i < s.length()) {
            String scheme = token();
            if (scheme.isEmpty()) {
                break;
            }
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                skipSeparators();
                int save = i;
                String key = token();
                skipSpaces();
                if (key.isEmpty() || i >= s.length() || s.charAt(i) != '=') {
                    i = save;
                    break;
                }
                i++;
                skipSpaces();
                String value = i < s.length() && s.charAt(i) == '"' ? quoted() : token();
                params.put(key.toLowerCase(Locale.ROOT), value);
            }
            out.add(new Challenge(scheme.toLowerCase(Locale.ROOT), params));
        }
        return out;
    }

    private void skipSpaces() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
    }

    private void skipSeparators() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
            i++;
        }
    }

    private String token() {
        int start = i;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c <= ' ' || c == ',' || c == '=' || c == '"' || c >= 127) {
                break;
            }
            i++;
        }
        // token68 values (base64) may end in '=' padding
        if (i > start && i < s.length() && s.charAt(i) == '=' && (i + 1 >= s.length() || s.charAt(i + 1) == '=' || s.charAt(i + 1) == ',')) {
            int save = i;
            while (i < s.length() && s.charAt(i) == '=') {
                i++;
            }
            if (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != ' ') {
                i = save;
            }
        }
        return s.substring(start, i);
    }

    private String quoted() {
        StringBuilder b = new StringBuilder();
        i++;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '\\' && i < s.length()) {
                b.append(s.charAt(i++));
            } else if (c == '"') {
                return b.toString();
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
