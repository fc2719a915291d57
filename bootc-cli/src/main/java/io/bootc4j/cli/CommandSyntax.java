package io.bootc4j.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/**
 * The syntax of one {@code bootc4j} command: its name and description, its options and positional
 * parameters, each bound to the field of the command object it sets, and its subcommands.
 * {@link CommandLineParser} applies a command line to it; {@link UsageText} prints it.
 *
 * <p>Declared in code rather than through annotations: reading annotations by reflection (with the
 * proxy classes the JDK generates for them) was the largest part of the command's start-up, about
 * 0.1 s of every {@code bootc4j} run. A subcommand's syntax is built only when the command line
 * names it, or when help lists it.
 *
 * <p>Option names are given as in help, aliases separated by {@code ", "}: {@code "-q, --quiet"}.
 * Values arrive as strings and are converted by the typed methods ({@link #pathValue},
 * {@link #intValue}, {@link #booleanValue}); a value they cannot convert is a usage error naming
 * the option and the value.
 *
 * @param <T> the type of the command object the options and parameters are applied to
 */
final class CommandSyntax<T> {

    /** How an option takes its value. */
    enum Kind {
        /** No value: {@code --all}. */
        FLAG,
        /** A required value: {@code --authfile FILE} or {@code --authfile=FILE}. */
        VALUE,
        /** A boolean that may be given: {@code --tls-verify}, {@code --tls-verify=false}. */
        OPTIONAL_BOOLEAN
    }

    /** How many words a positional parameter takes. */
    enum Arity {
        ONE, OPTIONAL, ANY
    }

    /** One option; {@code apply} receives the command object and the value (null for a flag). */
    record Option<T>(List<String> names, Kind kind, String label, String description, boolean inherited,
            BiConsumer<T, String> apply) {}

    /** One positional parameter. */
    record Parameter<T>(String label, String description, Arity arity, BiConsumer<T, String> apply) {}

    private final String name;
    private final String description;
    private final Function<Object, T> factory;
    private final List<Option<T>> options = new ArrayList<>();
    private final List<Parameter<T>> parameters = new ArrayList<>();
    private final Map<String, Supplier<CommandSyntax<?>>> subcommands = new LinkedHashMap<>();

    private CommandSyntax(String name, String description, Function<Object, T> factory) {
        this.name = name;
        this.description = description;
        this.factory = factory;
    }

    /** A command whose object is made without its parent's. */
    static <T> CommandSyntax<T> of(String name, String description, Supplier<T> factory) {
        return new CommandSyntax<>(name, description, parent -> factory.get());
    }

    /**
     * A subcommand whose object is made from its parent command's object ({@code ostree init}
     * reads {@code ostree}'s {@code --repo}). The parser passes the object of the command this one
     * is registered under; registering it elsewhere fails with a {@link ClassCastException}.
     */
    @SuppressWarnings("unchecked")
    static <P, T> CommandSyntax<T> under(String name, String description, Function<P, T> factory) {
        return new CommandSyntax<>(name, description, parent -> factory.apply((P) parent));
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }

    T create(Object parent) {
        return factory.apply(parent);
    }

    List<Option<T>> options() {
        return Collections.unmodifiableList(options);
    }

    List<Parameter<T>> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    /** The subcommand names, in the order help lists them. */
    List<String> subcommandNames() {
        return List.copyOf(subcommands.keySet());
    }

    boolean hasSubcommands() {
        return !subcommands.isEmpty();
    }

    /** The syntax of subcommand {@code word}, built now; empty when there is none by that name. */
    Optional<CommandSyntax<?>> subcommand(String word) {
        Supplier<CommandSyntax<?>> s = subcommands.get(word);
        return s == null ? Optional.empty() : Optional.of(s.get());
    }

    CommandSyntax<T> flag(String names, String description, Consumer<T> set) {
        return add(names, Kind.FLAG, null, description, (c, v) -> set.accept(c));
    }

    CommandSyntax<T> value(String names, String label, String description, BiConsumer<T, String> set) {
        return add(names, Kind.VALUE, label, description, set);
    }

    CommandSyntax<T> pathValue(String names, String label, String description, BiConsumer<T, Path> set) {
        return add(names, Kind.VALUE, label, description, (c, v) -> set.accept(c, path(v)));
    }

    CommandSyntax<T> intValue(String names, String label, String description, ObjIntConsumer<T> set) {
        return add(names, Kind.VALUE, label, description, (c, v) -> set.accept(c, integer(v)));
    }

    /**
     * A boolean option whose value may be left out, meaning {@code true}: {@code --tls-verify},
     * {@code --tls-verify=false}, or {@code --tls-verify false} (the next word is taken only when it
     * is {@code true} or {@code false}).
     */
    CommandSyntax<T> booleanValue(String names, String label, String description, BiConsumer<T, Boolean> set) {
        return add(names, Kind.OPTIONAL_BOOLEAN, label, description, (c, v) -> set.accept(c, bool(v)));
    }

    /** Makes the option added last usable after any subcommand too, where it still sets this command's field. */
    CommandSyntax<T> inherited() {
        Option<T> last = options.remove(options.size() - 1);
        options.add(new Option<>(last.names(), last.kind(), last.label(), last.description(), true, last.apply()));
        return this;
    }

    /** A required parameter. */
    CommandSyntax<T> parameter(String label, String description, BiConsumer<T, String> set) {
        return add(new Parameter<>(label, description, Arity.ONE, set));
    }

    CommandSyntax<T> pathParameter(String label, String description, BiConsumer<T, Path> set) {
        return add(new Parameter<>(label, description, Arity.ONE, (c, v) -> set.accept(c, path(v))));
    }

    /** A parameter that may be left out; only the last parameter may be optional. */
    CommandSyntax<T> optionalParameter(String label, String description, BiConsumer<T, String> set) {
        return add(new Parameter<>(label, description, Arity.OPTIONAL, set));
    }

    /** Any number of words, each applied in turn; only the last parameter may take several. */
    CommandSyntax<T> parameters(String label, String description, BiConsumer<T, String> set) {
        return add(new Parameter<>(label, description, Arity.ANY, set));
    }

    CommandSyntax<T> subcommand(String word, Supplier<CommandSyntax<?>> syntax) {
        if (subcommands.putIfAbsent(word, syntax) != null) {
            throw new IllegalArgumentException(name + ": subcommand " + word + " declared twice");
        }
        return this;
    }

    private CommandSyntax<T> add(String names, Kind kind, String label, String description, BiConsumer<T, String> apply) {
        List<String> list = splitNames(names);
        for (String n : list) {
            if (!isOptionName(n)) {
                throw new IllegalArgumentException(name + ": not an option name: '" + n + "'");
            }
            if (options.stream().anyMatch(o -> o.names().contains(n))) {
                throw new IllegalArgumentException(name + ": option " + n + " declared twice");
            }
        }
        options.add(new Option<>(list, kind, label, description, false, apply));
        return this;
    }

    /** {@code "-q, --quiet"} → [-q, --quiet], without a regular expression (this runs at start-up). */
    private static List<String> splitNames(String names) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int at = names.indexOf(", "); at >= 0; at = names.indexOf(", ", from)) {
            out.add(names.substring(from, at));
            from = at + 2;
        }
        out.add(names.substring(from));
        return List.copyOf(out);
    }

    /** {@code -x} with one letter, or {@code --} and a lower-case name of letters, digits, dots and dashes. */
    static boolean isOptionName(String n) {
        if (n.length() == 2 && n.charAt(0) == '-') {
            return Character.isLetter(n.charAt(1)) && n.charAt(1) < 128;
        }
        if (n.length() < 3 || !n.startsWith("--") || !(n.charAt(2) >= 'a' && n.charAt(2) <= 'z')) {
            return false;
        }
        for (int i = 3; i < n.length(); i++) {
            char c = n.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private CommandSyntax<T> add(Parameter<T> p) {
        if (!parameters.isEmpty() && parameters.get(parameters.size() - 1).arity() != Arity.ONE) {
            throw new IllegalArgumentException(name + ": parameter " + p.label() + " follows an optional one");
        }
        parameters.add(p);
        return this;
    }

    private static Path path(String v) {
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a path: " + e.getReason(), e);
        }
    }

    private static int integer(String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer", e);
        }
    }

    private static boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not true or false");
        };
    }
}
