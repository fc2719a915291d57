package io.bootc4j.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The help text of a command, in the layout of GNU tools and picocli: a usage line, the
 * description, then the parameters, options and subcommands, each with its description wrapped
 * at 80 columns. Options inherited from the commands above are listed with the command's own.
 */
final class UsageText {

    private static final int WIDTH = 80;
    private static final int LEFT = 28;

    private UsageText() {}

    /** {@code Usage: bootc4j image copy [OPTIONS] SRC DEST}. */
    static String usageLine(List<CommandSyntax<?>> path) {
        CommandSyntax<?> command = path.get(path.size() - 1);
        StringBuilder sb = new StringBuilder("Usage: ").append(CommandLineParser.commandName(path)).append(" [OPTIONS]");
        for (CommandSyntax.Parameter<?> p : command.parameters()) {
            sb.append(' ').append(switch (p.arity()) {
                case ONE -> p.label();
                case OPTIONAL -> "[" + p.label() + "]";
                case ANY -> "[" + p.label() + "...]";
            });
        }
        if (command.hasSubcommands()) {
            sb.append(" COMMAND");
        }
        return sb.toString();
    }

    /** The full help of the last command of {@code path}. */
    static String help(List<CommandSyntax<?>> path) {
        CommandSyntax<?> command = path.get(path.size() - 1);
        StringBuilder sb = new StringBuilder(usageLine(path)).append('\n');
        wrap(sb, "", command.description(), 0);
        List<String[]> parameters = new ArrayList<>();
        for (CommandSyntax.Parameter<?> p : command.parameters()) {
            if (!p.description().isEmpty()) {
                parameters.add(new String[] {"  " + p.label(), p.description()});
            }
        }
        section(sb, "Parameters:", parameters);
        List<String[]> options = new ArrayList<>();
        for (int level = path.size() - 1; level >= 0; level--) {
            for (CommandSyntax.Option<?> o : path.get(level).options()) {
                if (level == path.size() - 1 || o.inherited()) {
                    options.add(new String[] {optionColumn(o), o.description()});
                }
            }
        }
        options.add(new String[] {"  -h, --help", "Print this help and exit."});
        if (path.size() == 1) {
            options.add(new String[] {"  -V, --version", "Print the version and exit."});
        }
        section(sb, "Options:", options);
        List<String[]> commands = new ArrayList<>();
        if (path.size() == 1 && command.hasSubcommands()) {
            commands.add(new String[] {"  help", "Print the help of COMMAND: help [COMMAND...]."});
        }
        for (String name : command.subcommandNames()) {
            commands.add(new String[] {"  " + name, command.subcommand(name).orElseThrow().description()});
        }
        section(sb, "Commands:", commands);
        return sb.toString();
    }

    /** {@code "  -b, --branch=BRANCH"}, with long-only options indented under the long names. */
    private static String optionColumn(CommandSyntax.Option<?> o) {
        StringBuilder sb = new StringBuilder("  ");
        boolean shortFirst = o.names().get(0).length() == 2;
        if (!shortFirst) {
            sb.append("    ");
        }
        sb.append(String.join(", ", o.names()));
        switch (o.kind()) {
            case FLAG -> { }
            case VALUE -> sb.append('=').append(o.label());
            case OPTIONAL_BOOLEAN -> sb.append("[=").append(o.label()).append(']');
        }
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        sb.append('\n').append(title).append('\n');
        for (String[] row : rows) {
            if (row[0].length() + 2 > LEFT) {
                sb.append(row[0]).append('\n');
                wrap(sb, "", row[1], LEFT);
            } else {
                wrap(sb, row[0], row[1], LEFT);
            }
        }
    }

    /** Appends {@code left} padded to {@code indent}, then {@code text} wrapped at {@link #WIDTH}. */
    private static void wrap(StringBuilder sb, String left, String text, int indent) {
        StringBuilder line = new StringBuilder(left);
        pad(line, indent);
        int start = line.length();
        for (String word : text.split(" ")) {
            if (line.length() > start && line.length() + 1 + word.length() > WIDTH) {
                sb.append(line).append('\n');
                line.setLength(0);
                pad(line, indent);
            }
            if (line.length() > indent) {
                line.append(' ');
            }
            line.append(word);
        }
        sb.append(line).append('\n');
    }

    private static void pad(StringBuilder line, int to) {
        while (line.length() < to) {
            line.append(' ');
        }
    }
}
