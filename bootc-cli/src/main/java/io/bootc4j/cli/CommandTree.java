package io.bootc4j.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The subcommands of each {@code bootc4j} command, attached to a {@link CommandLine} only as far
 * as a command line needs them. picocli builds a command's model by reflection over every
 * annotated field of every class it is given; doing that for all ~25 commands on each start
 * took about 40% of a short command's start-up CPU ({@code image inspect} under JFR). So the
 * commands a command line names are built, and the whole tree only when help is wanted or the
 * command line names no known subcommand (then picocli's own usage errors and listings apply).
 *
 * <p>A token equal to a subcommand name always selects that subcommand in picocli (an option
 * value cannot be a subcommand name unless {@code allowSubcommandsAsOptionParameters} is set,
 * which bootc4j does not), so scanning for the first such token selects exactly what picocli
 * would; {@code --} ends the scan.
 */
final class CommandTree {

    /** Subcommands by parent command class, in the order help lists them. */
    private static final Map<Class<?>, Map<String, Class<?>>> CHILDREN = Map.of(
            Main.class, ordered(
                    "help", CommandLine.HelpCommand.class,
                    "ostree", OstreeCommand.class,
                    "boot", BootCommand.class,
                    "image", ImageCommand.class),
            OstreeCommand.class, ordered(
                    "init", OstreeCommand.Init.class,
                    "commit", OstreeCommitCommand.class,
                    "checkout", OstreeCheckoutCommand.class,
                    "fsck", OstreeCommand.Fsck.class,
                    "rev-parse", OstreeCommand.RevParse.class,
                    "ls", OstreeInspectCommands.Ls.class,
                    "log", OstreeInspectCommands.Log.class,
                    "show", OstreeInspectCommands.Show.class,
                    "cat", OstreeInspectCommands.Cat.class,
                    "refs", OstreeCommand.Refs.class,
                    "prune", OstreeCommand.Prune.class,
                    "diff", OstreeInspectCommands.Diff.class,
                    "sign", OstreeSignCommands.Sign.class,
                    "summary", OstreeSignCommands.SummaryCmd.class),
            BootCommand.class, ordered(
                    "entries", BootCommand.Entries.class,
                    "grubenv", BootCommand.GrubenvCommand.class,
                    "kargs", BootCommand.Kargs.class),
            ImageCommand.class, ordered(
                    "copy", ImageCommand.Copy.class,
                    "inspect", ImageCommand.Inspect.class,
                    "verify", ImageVerifyCommand.class));

    private CommandTree() {}

    /** The root command line for {@code args}, with the subcommands they need attached. */
    static CommandLine forArgs(String[] args) {
        CommandLine root = new CommandLine(new Main());
        attach(root, Main.class, List.of(args), 0);
        return root;
    }

    /** The root command line with every subcommand attached (for listings and tests). */
    static CommandLine full() {
        CommandLine root = new CommandLine(new Main());
        attach(root, Main.class, List.of(), -1);
        return root;
    }

    /** The names of {@code parent}'s subcommands, in listing order. */
    static List<String> childNames(Class<?> parent) {
        return List.copyOf(CHILDREN.getOrDefault(parent, Map.of()).keySet());
    }

    /**
     * Attaches {@code type}'s subcommands to {@code cli}: only the one named at or after
     * {@code from} in {@code args}, or all of them (recursively) when none is named, help is
     * asked for, or {@code from} is negative.
     */
    private static void attach(CommandLine cli, Class<?> type, List<String> args, int from) {
        Map<String, Class<?>> children = CHILDREN.get(type);
        if (children == null) {
            return;
        }
        int at = from < 0 ? -1 : selected(children, args, from);
        if (at >= 0 && !args.get(at).equals("help")) {
            String name = args.get(at);
            add(cli, name, children.get(name), args, at + 1);
            return;
        }
        for (Map.Entry<String, Class<?>> child : children.entrySet()) {
            add(cli, child.getKey(), child.getValue(), args, -1);
        }
    }

    private static void add(CommandLine parent, String name, Class<?> type, List<String> args, int from) {
        // Parent first, then its children: inherited options (--verbose) flow down as they are added.
        parent.addSubcommand(name, type);
        attach(parent.getSubcommands().get(name), type, args, from);
    }

    private static int selected(Map<String, Class<?>> children, List<String> args, int from) {
        for (int i = from; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                return -1;
            }
            if (children.containsKey(a)) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, Class<?>> ordered(Object... nameThenType) {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenType.length; i += 2) {
            m.put((String) nameThenType[i], (Class<?>) nameThenType[i + 1]);
        }
        return m;
    }
}
