package io.bootc4j.boot.internal;

import io.bootc4j.boot.BootFileFormatException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser for the TOML subset kargs.d files use: top-level {@code key = "string"} and
 * {@code key = ["string", …]} (arrays may span lines and end with a comma), basic and literal
 * strings, {@code #} comments. Anything else (tables, numbers, multi-line strings, duplicate
 * keys) is refused with the file and line, which a general TOML library does not report as
 * precisely.
 */
public final class TomlStrings {

    /** A value: a single string or a string array, and the line its key is on. */
    public record Value(List<String> strings, boolean array, int line) {}

    private final String source;
    private final String text;
    private int pos;
    private int line = 1;

    private TomlStrings(String source, String text) {
        this.source = source;
        this.text = text;
    }

    /** Parses {@code text}; keys in file order. */
    public static Map<String, Value> parse(String source, String text) throws BootFileFormatException {
        return new TomlStrings(source, text).document();
    }

    private Map<String, Value> document() throws BootFileFormatException {
        Map<String, Value> out = new LinkedHashMap<>();
        while (true) {
            skipBlankAndComments();
            if (pos >= text.length()) {
                return out;
            }
            char c = text.charAt(pos);
            if (c == '[') {
                throw fail("tables are not allowed here");
            }
            int keyLine = line;
            String key = key();
            skipSpaces();
            expect('=');
            skipSpaces();
            Value value;
            if (peek() == '[') {
                value = new Value(array(), true, keyLine);
            } else if (peek() == '"' || peek() == '\'') {
                value = new Value(List.of(string()), false, keyLine);
            } else {
                throw fail("value of \"" + key + "\" must be a string or an array of strings");
            }
            if (out.putIfAbsent(key, value) != null) {
                throw new BootFileFormatException(source, keyLine, "duplicate key \"" + key + "\"");
            }
            endOfLine();
        }
    }

    private String key() throws BootFileFormatException {
        if (peek() == '"' || peek() == '\'') {
            return string();
        }
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '_') {
                pos++;
            } else {
                break;
            }
        }
        if (start == pos) {
            throw fail("expected a key, found " + describe());
        }
        if (peek() == '.') {
            throw fail("dotted keys are not allowed here");
        }
        return text.substring(start, pos);
    }

    private List<String> array() throws BootFileFormatException {
        expect('[');
        List<String> items = new ArrayList<>();
        while (true) {
            skipBlankAndComments();
            if (peek() == ']') {
                pos++;
                return items;
            }
            if (peek() != '"' && peek() != '\'') {
                throw fail("array elements must be strings, found " + describe());
            }
            items.add(string());
            skipBlankAndComments();
            if (peek() == ',') {
                pos++;
            } else if (peek() != ']') {
                throw fail("expected ',' or ']' in array, found " + describe());
            }
        }
    }

    private String string() throws BootFileFormatException {
        char quote = text.charAt(pos);
        if (text.startsWith(String.valueOf(quote).repeat(3), pos)) {
            throw fail("multi-line strings are not supported");
        }
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                throw fail("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                return out.toString();
            }
            if (c == '\\' && quote == '"') {
                out.append(escape());
            } else {
                out.append(c);
            }
        }
    }

    private String escape() throws BootFileFormatException {
        if (pos >= text.length()) {
            throw fail("unterminated escape");
        }
        char c = text.charAt(pos++);
        switch (c) {
            case 'b': return "\b";
            case 't': return "\t";
            case 'n': return "\n";
            case 'f': return "\f";
            case 'r': return "\r";
            case '"': return "\"";
            case '\\': return "\\";
            case 'u':
            case 'U':
                int len = c == 'u' ? 4 : 8;
                if (pos + len > text.length()) {
                    throw fail("truncated \\" + c + " escape");
                }
                try {
                    int cp = Integer.parseInt(text.substring(pos, pos + len), 16);
                    pos += len;
                    return new String(Character.toChars(cp));
                } catch (IllegalArgumentException e) {
                    throw fail("invalid \\" + c + " escape");
                }
            default:
                throw fail("invalid escape \\" + c);
        }
    }

    private void endOfLine() throws BootFileFormatException {
        skipSpaces();
        if (peek() == '#') {
            while (pos < text.length() && text.charAt(pos) != '\n') {
                pos++;
            }
        }
        if (pos < text.length() && text.charAt(pos) != '\n' && !text.startsWith("\r\n", pos)) {
            throw fail("unexpected " + describe() + " after value");
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private void skipBlankAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private void expect(char c) throws BootFileFormatException {
        if (peek() != c) {
            throw fail("expected '" + c + "', found " + describe());
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private String describe() {
        return pos >= text.length() ? "end of file" : "'" + text.charAt(pos) + "'";
    }

    private BootFileFormatException fail(String reason) {
        return new BootFileFormatException(source, line, reason);
    }
}
