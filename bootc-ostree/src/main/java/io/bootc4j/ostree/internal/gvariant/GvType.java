package io.bootc4j.ostree.internal.gvariant;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A definite GVariant type (GLib {@code GVariantType}): its signature, alignment and fixed size
 * (0 when the serialized size varies). See the GVariant specification
 * (https://people.gnome.org/~desrt/gvariant-serialisation.pdf) for the rules.
 */
public final class GvType {

    /** GLib's {@code G_VARIANT_MAX_RECURSION_DEPTH}. */
    static final int MAX_DEPTH = 128;

    private final String signature;
    private final char kind;
    private final List<GvType> children;
    private final int alignment;
    private final int fixedSize;

    private GvType(String signature, char kind, List<GvType> children, int alignment, int fixedSize) {
        this.signature = signature;
        this.kind = kind;
        this.children = children;
        this.alignment = alignment;
        this.fixedSize = fixedSize;
    }

    /** Parses a complete type string; throws {@link IllegalArgumentException} quoting it when invalid. */
    public static GvType of(String signature) {
        try {
            return parse(signature);
        } catch (GVariantFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Parses a complete type string, as found inside a serialized {@code v}. */
    public static GvType parse(String signature) throws GVariantFormatException {
        Objects.requireNonNull(signature, "signature");
        int[] pos = {0};
        GvType t = parseOne(signature, pos, 0);
        if (pos[0] != signature.length()) {
            throw new GVariantFormatException("type string \"" + signature + "\" has trailing characters");
        }
        return t;
    }

    private static GvType parseOne(String s, int[] pos, int depth) throws GVariantFormatException {
        if (depth > MAX_DEPTH) {
            throw new GVariantFormatException("type string \"" + abbreviate(s) + "\" nests deeper than " + MAX_DEPTH);
        }
        if (pos[0] >= s.length()) {
            throw new GVariantFormatException("type string \"" + abbreviate(s) + "\" is incomplete");
        }
        int begin = pos[0];
        char c = s.charAt(pos[0]++);
        switch (c) {
            case 'y': case 'b': return basic(c, 1);
            case 'n': case 'q': return basic(c, 2);
            case 'i': case 'u': case 'h': return basic(c, 4);
            case 'x': case 't': case 'd': return basic(c, 8);
            case 's': case 'o': case 'g': return new GvType(String.valueOf(c), c, List.of(), 1, 0);
            case 'v': return new GvType("v", 'v', List.of(), 8, 0);
            case 'a': case 'm': {
                GvType element = parseOne(s, pos, depth + 1);
                return new GvType(s.substring(begin, pos[0]), c, List.of(element), element.alignment, 0);
            }
            case '(': case '{': {
                char close = c == '(' ? ')' : '}';
                List<GvType> members = new ArrayList<>();
                while (true) {
                    if (pos[0] >= s.length()) {
                        throw new GVariantFormatException("type string \"" + abbreviate(s) + "\" is incomplete");
                    }
                    if (s.charAt(pos[0]) == close) {
                        pos[0]++;
                        break;
                    }
                    members.add(parseOne(s, pos, depth + 1));
                }
                if (c == '{' && (members.size() != 2 || !members.get(0).isBasic())) {
                    throw new GVariantFormatException("type string \"" + abbreviate(s)
                            + "\" has a dictionary entry that is not {basic-key value}");
                }
                return container(s.substring(begin, pos[0]), c, List.copyOf(members));
            }
            default:
                throw new GVariantFormatException("type string \"" + abbreviate(s) + "\" has invalid character '"
                        + c + "' at " + begin);
        }
    }

    private static GvType basic(char c, int size) {
        return new GvType(String.valueOf(c), c, List.of(), size, size);
    }

    private static GvType container(String signature, char kind, List<GvType> members) {
        int align = 1;
        boolean fixed = true;
        int offset = 0;
        for (GvType m : members) {
            align = Math.max(align, m.alignment);
            if (m.fixedSize == 0) {
                fixed = false;
            } else {
                offset = alignUp(offset, m.alignment) + m.fixedSize;
            }
        }
        int size = 0;
        if (fixed) {
            size = members.isEmpty() ? 1 : alignUp(offset, align);
        }
        return new GvType(signature, kind, members, align, size);
    }

    static int alignUp(int offset, int alignment) {
        return (offset + alignment - 1) & -alignment;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    public String signature() {
        return signature;
    }

    /** The first character of the signature: {@code y b n q i u x t h d s o g v a m ( {}. */
    public char kind() {
        return kind;
    }

    /** The element type of {@code a}/{@code m}, or the members of a tuple or dictionary entry. */
    public List<GvType> children() {
        return children;
    }

    public GvType element() {
        return children.get(0);
    }

    public int alignment() {
        return alignment;
    }

    /** The serialized size of every value of this type, or 0 when it varies. */
    public int fixedSize() {
        return fixedSize;
    }

    public boolean isFixedSize() {
        return fixedSize != 0;
    }

    public boolean isBasic() {
        return "ybnqiuxthdsog".indexOf(kind) >= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GvType other && other.signature.equals(signature);
    }

    @Override
    public int hashCode() {
        return signature.hashCode();
    }

    @Override
    public String toString() {
        return signature;
    }
}
