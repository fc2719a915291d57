package io.bootc4j.ostree.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A GLib {@code GKeyFile} document (the XDG desktop-entry syntax ostree uses for {@code config}
 * and {@code .origin}): {@code [group]} headers, {@code key=value} lines, {@code #} comments.
 * Group and key order is preserved, comments are kept so that rewriting a file
 * changes only what was set. Values are stored unescaped; {@code \s \n \t \r \\} escapes are
 * decoded on read and produced on write as GLib does. Not thread-safe.
 */
public final class KeyFile {

    private final List<Group> groups = new ArrayList<>();
    private final List<String> leadingComments = new ArrayList<>();

    private static final class Group {
        final String name;
        final Map<String, String> entries = new LinkedHashMap<>();
        final Map<String, List<String>> commentsBefore = new LinkedHashMap<>();

        Group(String name) {
            this.name = name;
        }
    }

    /** Parses {@code text}; {@code source} names the input in error messages. */
    public static KeyFile parse(String text, String source) {
        KeyFile kf = new KeyFile();
        Group current = null;
        List<String> pendingComments = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.startsWith("#")) {
                pendingComments.add(line);
                continue;
            }
            if (trimmed.startsWith("[")) {
                if (!trimmed.endsWith("]") || trimmed.length() < 3) {
                    throw new IllegalArgumentException(source + " line " + (i + 1) + ": malformed group header \"" + line + "\"");
                }
                if (current == null) {
                    kf.leadingComments.addAll(pendingComments);
                    pendingComments.clear();
                }
                current = kf.group(trimmed.substring(1, trimmed.length() - 1), true);
                continue;
            }
            int eq = line.indexOf('=');
            if (current == null || eq <= 0) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": expected a [group] or key=value, got \"" + line + "\"");
            }
            String key = line.substring(0, eq).strip();
            if (!pendingComments.isEmpty()) {
                current.commentsBefore.put(key, new ArrayList<>(pendingComments));
                pendingComments.clear();
            }
            current.entries.put(key, unescape(line.substring(eq + 1).stripLeading()));
        }
        return kf;
    }

    /** Like {@link #parse} but empty for malformed text. */
    public static Optional<KeyFile> parseLenient(String text) {
        try {
            return Optional.of(parse(text, "config"));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** An empty document. */
    public static KeyFile empty() {
        return new KeyFile();
    }

    public Optional<String> get(String group, String key) {
        Group g = group(group, false);
        return g == null ? Optional.empty() : Optional.ofNullable(g.entries.get(key));
    }

    /** A boolean as GLib reads it ({@code true}/{@code false}, also {@code 1}/{@code 0}). */
    public Optional<Boolean> getBoolean(String group, String key, String source) {
        return get(group, key).map(v -> switch (v.strip()) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(
                    source + ": [" + group + "] " + key + "=\"" + v + "\" is not a boolean");
        });
    }

    public KeyFile set(String group, String key, String value) {
        group(group, true).entries.put(key, value);
        return this;
    }

    public KeyFile remove(String group, String key) {
        Group g = group(group, false);
        if (g != null) {
            g.entries.remove(key);
        }
        return this;
    }

    public List<String> groupNames() {
        return groups.stream().map(g -> g.name).toList();
    }

    public List<String> keys(String group) {
        Group g = group(group, false);
        return g == null ? List.of() : List.copyOf(g.entries.keySet());
    }

    /** The document as text: groups separated by a blank line, every line ending in {@code \n}. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        leadingComments.forEach(c -> sb.append(c).append('\n'));
        boolean first = true;
        for (Group g : groups) {
            if (!first) {
                sb.append('\n');
            }
            first = false;
            sb.append('[').append(g.name).append("]\n");
            for (Map.Entry<String, String> e : g.entries.entrySet()) {
                g.commentsBefore.getOrDefault(e.getKey(), List.of()).forEach(c -> sb.append(c).append('\n'));
                sb.append(e.getKey()).append('=').append(escape(e.getValue())).append('\n');
            }
        }
        return sb.toString();
    }

    private Group group(String name, boolean create) {
        for (Group g : groups) {
            if (g.name.equals(name)) {
                return g;
            }
        }
        if (!create) {
            return null;
        }
        Group g = new Group(name);
        groups.add(g);
        return g;
    }

    private static String unescape(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\\' || i + 1 == v.length()) {
                sb.append(c);
                continue;
            }
            char n = v.charAt(++i);
            switch (n) {
                case 's' -> sb.append(' ');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '\\' -> sb.append('\\');
                default -> sb.append('\\').append(n);
            }
        }
        return sb.toString();
    }

    private static String escape(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\\' -> sb.append("\\\\");
                case ' ' -> sb.append(i == 0 ? "\\s" : " ");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
