package io.bootc4j.boot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable kernel command line: an ordered list of arguments ({@code key} or
 * {@code key=value}). Arguments are separated by whitespace outside double quotes, as the kernel
 * ({@code next_arg} in {@code lib/cmdline.c}) and systemd split them; quotes are kept verbatim,
 * so {@code parse(s).toString()} returns {@code s} with whitespace runs collapsed to one space.
 *
 * <p>Edits follow libostree's {@code ostree-kernel-args.c}: {@link #replace} is
 * {@code ostree admin deploy --karg} / {@code instutil set-kargs --replace}, {@link #append} is
 * {@code --karg-append} / {@code --append}, {@link #delete} is {@code --karg-delete}, and
 * {@link #replaceValue} is {@code --replace=KEY=OLD=NEW}. Each returns a new value.
 */
public final class KernelArgs {

    private static final KernelArgs EMPTY = new KernelArgs(List.of());

    private final List<String> args;

    private KernelArgs(List<String> args) {
        this.args = List.copyOf(args);
    }

    public static KernelArgs empty() {
        return EMPTY;
    }

    /** Parses a command line; throws {@link IllegalArgumentException} quoting it when a quote is unbalanced. */
    public static KernelArgs parse(String cmdline) {
        Objects.requireNonNull(cmdline, "cmdline");
        Optional<String> problem = problemWith(cmdline);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("kernel command line \"" + cmdline + "\": " + problem.get());
        }
        return new KernelArgs(split(cmdline));
    }

    /** Like {@link #parse} but empty when the command line is malformed. */
    public static Optional<KernelArgs> tryParse(String cmdline) {
        if (cmdline == null || problemWith(cmdline).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new KernelArgs(split(cmdline)));
    }

    /** The given arguments, each one token (its own quotes balanced, no whitespace outside quotes). */
    public static KernelArgs of(List<String> args) {
        List<String> checked = new ArrayList<>();
        for (String arg : args) {
            checkArg(arg);
            checked.add(arg);
        }
        return new KernelArgs(checked);
    }

    public static KernelArgs of(String... args) {
        return of(List.of(args));
    }

    /**
     * One argument {@code key=value}, double-quoting the value when it contains whitespace (the
     * form the kernel and systemd accept: {@code key="a b"}); {@code key} alone when value is null.
     */
    public static String arg(String key, String value) {
        if (key.isEmpty() || key.chars().anyMatch(c -> c == '=' || c == '"' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("invalid kernel argument key \"" + key + "\"");
        }
        if (value == null) {
            return key;
        }
        if (value.indexOf('"') >= 0) {
            throw new IllegalArgumentException("kernel argument " + key + ": value \"" + value
                    + "\" contains a double quote, which the kernel cannot escape");
        }
        boolean needsQuotes = value.chars().anyMatch(Character::isWhitespace);
        return needsQuotes ? key + "=\"" + value + "\"" : key + "=" + value;
    }

    /** Why {@code cmdline} cannot be parsed, or empty when it can. */
    static Optional<String> problemWith(String cmdline) {
        boolean quoted = false;
        int openedAt = -1;
        for (int i = 0; i < cmdline.length(); i++) {
            char c = cmdline.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                openedAt = i;
            } else if (c == 0) {
                return Optional.of("NUL character at offset " + i);
            }
        }
        if (quoted) {
            return Optional.of("unbalanced double quote at offset " + openedAt);
        }
        return Optional.empty();
    }

    private static List<String> split(String cmdline) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < cmdline.length(); i++) {
            char c = cmdline.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                cur.append(c);
            } else if (!quoted && isSpace(c)) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }

    private static void checkArg(String arg) {
        Objects.requireNonNull(arg, "arg");
        List<String> parts = problemWith(arg).isPresent() ? List.of() : split(arg);
        if (parts.size() != 1 || !parts.get(0).equals(arg)) {
            throw new IllegalArgumentException("\"" + arg + "\" is not a single kernel argument");
        }
    }

    /** The key of one argument: the text before the first {@code =}. */
    public static String keyOf(String arg) {
        int eq = arg.indexOf('=');
        return eq < 0 ? arg : arg.substring(0, eq);
    }

    /** The value of one argument after the first {@code =}, quotes kept; empty for a bare key. */
    public static Optional<String> valueOf(String arg) {
        int eq = arg.indexOf('=');
        return eq < 0 ? Optional.empty() : Optional.of(arg.substring(eq + 1));
    }

    /** The arguments in order, as written. */
    public List<String> args() {
        return args;
    }

    public boolean isEmpty() {
        return args.isEmpty();
    }

    /** Whether some argument has this key. */
    public boolean containsKey(String key) {
        return args.stream().anyMatch(a -> keyOf(a).equals(key));
    }

    /** Whether this exact argument is present. */
    public boolean contains(String arg) {
        return args.contains(arg);
    }

    /** The value of the last argument with {@code key} (the one the kernel honours); empty when absent or bare. */
    public Optional<String> lastValue(String key) {
        Optional<String> found = Optional.empty();
        for (String a : args) {
            if (keyOf(a).equals(key)) {
                found = valueOf(a);
            }
        }
        return found;
    }

    /** The value with one level of double quotes removed ({@code "a b"} becomes {@code a b}). */
    public static String unquote(String value) {
        return value.replace("\"", "");
    }

    /**
     * {@code ostree admin deploy --karg=ARG}: every argument with ARG's key is replaced by ARG,
     * placed where the first of them was; appended when the key is absent.
     */
    public KernelArgs replace(String arg) {
        checkArg(arg);
        String key = keyOf(arg);
        List<String> out = new ArrayList<>();
        boolean placed = false;
        for (String a : args) {
            if (keyOf(a).equals(key)) {
                if (!placed) {
                    out.add(arg);
                    placed = true;
                }
            } else {
                out.add(a);
            }
        }
        if (!placed) {
            out.add(arg);
        }
        return new KernelArgs(out);
    }

    /** {@code --karg-append=ARG}: ARG is added at the end, even when its key is already present. */
    public KernelArgs append(String arg) {
        checkArg(arg);
        List<String> out = new ArrayList<>(args);
        out.add(arg);
        return new KernelArgs(out);
    }

    /** Appends every argument of {@code more}. */
    public KernelArgs appendAll(KernelArgs more) {
        List<String> out = new ArrayList<>(args);
        out.addAll(more.args);
        return new KernelArgs(out);
    }

    /** {@code ostree admin kargs edit-in-place --append-if-missing=ARG}. */
    public KernelArgs appendIfMissing(String arg) {
        return contains(arg) ? this : append(arg);
    }

    /**
     * {@code --karg-delete=ARG} with libostree's rules: {@code KEY} deletes the key when it has a
     * single value (else it must match a bare {@code KEY} argument); {@code KEY=VALUE} deletes
     * that exact argument. Throws {@link IllegalArgumentException} with ostree's wording when
     * nothing matches or the deletion is ambiguous.
     */
    public KernelArgs delete(String arg) {
        String key = keyOf(arg);
        Optional<String> value = valueOf(arg);
        List<Integer> positions = positionsOf(key);
        if (positions.isEmpty()) {
            throw new IllegalArgumentException("No key '" + key + "' found");
        }
        int victim;
        if (positions.size() == 1) {
            victim = positions.get(0);
            if (value.isPresent() && !value.equals(valueOf(args.get(victim)))) {
                throw new IllegalArgumentException("No karg '" + key + "=" + value.get() + "' found");
            }
        } else {
            victim = -1;
            for (int p : positions) {
                if (valueOf(args.get(p)).equals(value)) {
                    victim = p;
                    break;
                }
            }
            if (victim < 0) {
                throw new IllegalArgumentException(value.isEmpty()
                        ? "Multiple values for key '" + arg + "' found" : "No karg '" + arg + "' found");
            }
        }
        List<String> out = new ArrayList<>(args);
        out.remove(victim);
        return new KernelArgs(out);
    }

    /** Deletes ARG when present, else returns this unchanged. */
    public KernelArgs deleteIfPresent(String arg) {
        int at = args.indexOf(arg);
        if (at < 0) {
            return this;
        }
        List<String> out = new ArrayList<>(args);
        out.remove(at);
        return new KernelArgs(out);
    }

    /** Deletes every argument whose key is {@code key}. */
    public KernelArgs deleteKey(String key) {
        List<String> out = new ArrayList<>(args);
        out.removeIf(a -> keyOf(a).equals(key));
        return new KernelArgs(out);
    }

    /**
     * {@code --replace=KEY=VALUE} (the key must have exactly one value) or
     * {@code --replace=KEY=OLD=NEW} (the argument {@code KEY=OLD} becomes {@code KEY=NEW}), as
     * {@code ostree_kernel_args_new_replace}.
     */
    public KernelArgs replaceValue(String spec) {
        String key = keyOf(spec);
        Optional<String> value = valueOf(spec);
        List<Integer> positions = positionsOf(key);
        if (positions.isEmpty()) {
            throw new IllegalArgumentException("No key '" + key + "' found");
        }
        List<String> out = new ArrayList<>(args);
        if (value.isPresent() && value.get().indexOf('=') >= 0) {
            String old = value.get().substring(0, value.get().indexOf('='));
            String repl = value.get().substring(value.get().indexOf('=') + 1);
            for (int p : positions) {
                if (valueOf(args.get(p)).equals(Optional.of(old))) {
                    String next = key + "=" + repl;
                    checkArg(next);
                    out.set(p, next);
                    return new KernelArgs(out);
                }
            }
            throw new IllegalArgumentException("No karg '" + key + "=" + old + "' found");
        }
        if (positions.size() > 1) {
            throw new IllegalArgumentException("Multiple values for key '" + key + "' found");
        }
        checkArg(spec);
        out.set(positions.get(0), spec);
        return new KernelArgs(out);
    }

    private List<Integer> positionsOf(String key) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (keyOf(args.get(i)).equals(key)) {
                positions.add(i);
            }
        }
        return Collections.unmodifiableList(positions);
    }

    /** The command line: arguments joined by one space. */
    @Override
    public String toString() {
        return String.join(" ", args);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KernelArgs other && args.equals(other.args);
    }

    @Override
    public int hashCode() {
        return args.hashCode();
    }
}
