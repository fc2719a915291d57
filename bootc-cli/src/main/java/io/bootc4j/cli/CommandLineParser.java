package io.bootc4j.cli;

import java.io.Serial;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies a command line to a tree of {@link CommandSyntax}, the way GNU tools and picocli read
 * one:
 *
 * <ul>
 *   <li>the first word that is not an option selects a subcommand while the command has any; an
 *       option belongs to the command named last before it, or to an ancestor that made it
 *       {@linkplain CommandSyntax#inherited() inherited};
 *   <li>{@code --name=value} or {@code --name value}; {@code -x value} or {@code -xvalue}; flags
 *       cluster ({@code -UH}); an option given twice keeps its last value unless its field collects
 *       them;
 *   <li>{@code -h}/{@code --help} on any command and {@code -V}/{@code --version} on the root stop
 *       parsing and ask for help or the version, as does {@code help [COMMAND...]} on the root;
 *   <li>after {@code --} every word is a positional parameter.
 * </ul>
 *
 * Every mistake is a {@link BadCommandLine} naming the offending word.
 */
final class CommandLineParser {

    /** What the command line asks for. */
    enum Request {
        RUN, HELP, VERSION
    }

    /**
     * A parsed command line: the commands it names, root first, with the object of each (for
     * {@link Request#HELP}, only the root's object).
     */
    record Invocation(Request request, List<CommandSyntax<?>> path, List<Object> objects) {
        Invocation {
            path = List.copyOf(path);
            objects = List.copyOf(objects);
        }

        CommandSyntax<?> syntax() {
            return path.get(path.size() - 1);
        }

        /** The object of the command named last. */
        Object command() {
            return objects.get(objects.size() - 1);
        }

        /** The root command's object. */
        Object root() {
            return objects.get(0);
        }
    }

    /** The command line does not fit the syntax; {@link #path} is the command it got as far as. */
    static final class BadCommandLine extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        private final transient List<CommandSyntax<?>> path;

        BadCommandLine(List<CommandSyntax<?>> path, String message) {
            super(message);
            this.path = List.copyOf(path);
        }

        List<CommandSyntax<?>> path() {
            return path;
        }
    }

    private final List<String> args;
    private final List<CommandSyntax<?>> path = new ArrayList<>();
    private final List<Object> objects = new ArrayList<>();
    private final List<String> positionals = new ArrayList<>();
    private int next;

    private CommandLineParser(List<String> args) {
        this.args = args;
    }

    static Invocation parse(CommandSyntax<?> root, List<String> args) throws BadCommandLine {
        CommandLineParser p = new CommandLineParser(List.copyOf(args));
        p.path.add(root);
        p.objects.add(root.create(null));
        return p.run();
    }

    private Invocation run() throws BadCommandLine {
        boolean operandsOnly = false;
        while (next < args.size()) {
            String word = args.get(next++);
            if (operandsOnly) {
                positionals.add(word);
            } else if (word.equals("--")) {
                operandsOnly = true;
            } else if (word.equals("-h") || word.equals("--help")) {
                return new Invocation(Request.HELP, path, objects);
            } else if (path.size() == 1 && (word.equals("-V") || word.equals("--version"))) {
                return new Invocation(Request.VERSION, path, objects);
            } else if (word.startsWith("--")) {
                longOption(word);
            } else if (word.length() > 1 && word.charAt(0) == '-') {
                if (shortOptions(word)) {
                    return new Invocation(Request.HELP, path, objects);
                }
            } else if (current().hasSubcommands()) {
                if (path.size() == 1 && word.equals("help")) {
                    return help();
                }
                enter(word);
            } else {
                positionals.add(word);
            }
        }
        if (current().hasSubcommands()) {
            throw bad("missing subcommand of '" + commandName(path) + "': one of "
                    + String.join(", ", current().subcommandNames()));
        }
        assignParameters(current(), objects.get(objects.size() - 1));
        return new Invocation(Request.RUN, path, objects);
    }

    /** {@code help [COMMAND...]}: help for the command the remaining words name. */
    private Invocation help() throws BadCommandLine {
        List<CommandSyntax<?>> named = new ArrayList<>(path);
        while (next < args.size()) {
            String word = args.get(next++);
            CommandSyntax<?> at = named.get(named.size() - 1);
            named.add(at.subcommand(word).orElseThrow(() -> new BadCommandLine(named, unknownCommand(at, word))));
        }
        return new Invocation(Request.HELP, named, objects);
    }

    private void enter(String word) throws BadCommandLine {
        CommandSyntax<?> child = current().subcommand(word).orElseThrow(() -> bad(unknownCommand(current(), word)));
        Object parent = objects.get(objects.size() - 1);
        path.add(child);
        objects.add(child.create(parent));
    }

    private static String unknownCommand(CommandSyntax<?> at, String word) {
        return "Unknown command: '" + word + "' (" + at.name() + " has " + String.join(", ", at.subcommandNames()) + ")";
    }

    private void longOption(String word) throws BadCommandLine {
        int eq = word.indexOf('=');
        String name = eq < 0 ? word : word.substring(0, eq);
        String attached = eq < 0 ? null : word.substring(eq + 1);
        Found<?> found = find(name).orElseThrow(() -> bad("Unknown option: '" + name + "'"));
        switch (found.option().kind()) {
            case FLAG -> {
                if (attached != null) {
                    throw bad("Option '" + name + "' takes no value, got '" + word + "'");
                }
                found.apply(null);
            }
            case VALUE -> found.apply(attached != null ? attached : following(name, found.option().label()));
            case OPTIONAL_BOOLEAN -> found.apply(attached != null ? attached : optionalBoolean());
        }
    }

    /** A cluster of short options, {@code -UH} or {@code -bVALUE}; true when it asks for help. */
    private boolean shortOptions(String word) throws BadCommandLine {
        for (int i = 1; i < word.length(); i++) {
            String name = "-" + word.charAt(i);
            if (name.equals("-h")) {
                return true;
            }
            Found<?> found = find(name).orElseThrow(() -> bad("Unknown option: '" + name + "'"
                    + (word.length() > 2 ? " in '" + word + "'" : "")));
            switch (found.option().kind()) {
                case FLAG -> found.apply(null);
                case VALUE -> {
                    found.apply(i + 1 < word.length() ? word.substring(i + 1) : following(name, found.option().label()));
                    return false;
                }
                case OPTIONAL_BOOLEAN -> {
                    found.apply(i + 1 < word.length() ? word.substring(i + 1) : optionalBoolean());
                    return false;
                }
            }
        }
        return false;
    }

    private String following(String name, String label) throws BadCommandLine {
        if (next >= args.size()) {
            throw bad("Missing value for option '" + name + "' (" + label + ")");
        }
        return args.get(next++);
    }

    /** The next word when it is a boolean, else {@code true}. */
    private String optionalBoolean() {
        if (next < args.size() && (args.get(next).equalsIgnoreCase("true") || args.get(next).equalsIgnoreCase("false"))) {
            return args.get(next++);
        }
        return "true";
    }

    /** An option of the current command, or an inherited one of its nearest ancestor declaring it. */
    private Optional<Found<?>> find(String name) {
        for (int level = path.size() - 1; level >= 0; level--) {
            Optional<Found<?>> f = findIn(path.get(level), objects.get(level), name, level == path.size() - 1);
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    private <T> Optional<Found<?>> findIn(CommandSyntax<T> syntax, Object object, String name, boolean own) {
        for (CommandSyntax.Option<T> o : syntax.options()) {
            if ((own || o.inherited()) && o.names().contains(name)) {
                @SuppressWarnings("unchecked") // the object was made by this syntax's own factory
                T target = (T) object;
                return Optional.of(new Found<>(o, target, name));
            }
        }
        return Optional.empty();
    }

    /** An option found for a name, with the command object it sets. */
    private final class Found<T> {
        private final CommandSyntax.Option<T> option;
        private final T target;
        private final String given;

        Found(CommandSyntax.Option<T> option, T target, String given) {
            this.option = option;
            this.target = target;
            this.given = given;
        }

        CommandSyntax.Option<T> option() {
            return option;
        }

        void apply(String value) throws BadCommandLine {
            try {
                option.apply().accept(target, value);
            } catch (IllegalArgumentException e) {
                throw bad("Invalid value for option '" + given + "': '" + value + "' is " + e.getMessage());
            }
        }
    }

    private <T> void assignParameters(CommandSyntax<T> syntax, Object object) throws BadCommandLine {
        @SuppressWarnings("unchecked") // the object was made by this syntax's own factory
        T target = (T) object;
        int used = 0;
        List<String> missing = new ArrayList<>();
        for (CommandSyntax.Parameter<T> p : syntax.parameters()) {
            int take = switch (p.arity()) {
                case ONE, OPTIONAL -> Math.min(1, positionals.size() - used);
                case ANY -> positionals.size() - used;
            };
            if (take == 0 && p.arity() == CommandSyntax.Arity.ONE) {
                missing.add("'" + p.label() + "'");
            }
            for (int k = 0; k < take; k++) {
                String value = positionals.get(used++);
                try {
                    p.apply().accept(target, value);
                } catch (IllegalArgumentException e) {
                    throw bad("Invalid value for parameter '" + p.label() + "': '" + value + "' is " + e.getMessage());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw bad("Missing required parameter" + (missing.size() == 1 ? "" : "s") + ": " + String.join(", ", missing));
        }
        if (used < positionals.size()) {
            List<String> extra = positionals.subList(used, positionals.size());
            throw bad("Unmatched argument" + (extra.size() == 1 ? "" : "s") + ": '" + String.join("', '", extra) + "'");
        }
    }

    private CommandSyntax<?> current() {
        return path.get(path.size() - 1);
    }

    private BadCommandLine bad(String message) {
        return new BadCommandLine(path, message);
    }

    /** {@code bootc4j ostree commit}: the command names along {@code path}. */
    static String commandName(List<CommandSyntax<?>> path) {
        StringBuilder sb = new StringBuilder();
        for (CommandSyntax<?> s : path) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(s.name());
        }
        return sb.toString();
    }
}
