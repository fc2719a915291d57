package io.bootc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bootc4j command tree as declared: names, runnable leaves, help for every command. */
class CommandSyntaxTreeTest {

    /** Every command path from the root, each with the objects its factories make. */
    private static List<List<CommandSyntax<?>>> allPaths() {
        List<List<CommandSyntax<?>>> out = new ArrayList<>();
        walk(List.of(Main.syntax()), out);
        return out;
    }

    private static void walk(List<CommandSyntax<?>> path, List<List<CommandSyntax<?>>> out) {
        out.add(path);
        CommandSyntax<?> at = path.get(path.size() - 1);
        for (String name : at.subcommandNames()) {
            List<CommandSyntax<?>> next = new ArrayList<>(path);
            next.add(at.subcommand(name).orElseThrow());
            walk(next, out);
        }
    }

    @Test
    void everySubcommandIsRegisteredUnderItsOwnName() {
        for (List<CommandSyntax<?>> path : allPaths()) {
            CommandSyntax<?> at = path.get(path.size() - 1);
            for (String name : at.subcommandNames()) {
                assertThat(at.subcommand(name).orElseThrow().name()).as(CommandLineParser.commandName(path)).isEqualTo(name);
            }
        }
        assertThat(allPaths()).hasSizeGreaterThanOrEqualTo(24);
    }

    @Test
    void everyLeafRunsAndEveryGroupOnlyGroups() {
        for (List<CommandSyntax<?>> path : allPaths()) {
            Object parent = null;
            Object object = null;
            for (CommandSyntax<?> s : path) {
                object = s.create(parent);
                parent = object;
            }
            String name = CommandLineParser.commandName(path);
            if (path.get(path.size() - 1).hasSubcommands()) {
                assertThat(object).as(name).isNotInstanceOf(Command.class);
            } else {
                assertThat(object).as(name).isInstanceOf(Command.class);
            }
        }
    }

    @Test
    void everyCommandPrintsItsHelpWithEveryOption() {
        for (List<CommandSyntax<?>> path : allPaths()) {
            List<String> args = new ArrayList<>();
            path.stream().skip(1).forEach(s -> args.add(s.name()));
            args.add("--help");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
            String name = CommandLineParser.commandName(path);
            assertThat(code).as(name).isZero();
            assertThat(err.toString()).as(name).isEmpty();
            assertThat(out.toString()).as(name).startsWith("Usage: " + name + " [OPTIONS]").contains("--verbose", "--help");
            for (CommandSyntax.Option<?> o : path.get(path.size() - 1).options()) {
                assertThat(out.toString()).as(name).contains(o.names().get(o.names().size() - 1));
            }
            for (String sub : path.get(path.size() - 1).subcommandNames()) {
                assertThat(out.toString()).as(name).contains("  " + sub + " ");
            }
        }
    }

    @Test
    void topLevelHelpListsEverySubcommandWithItsDescription() {
        StringWriter out = new StringWriter();
        assertThat(Main.run(new String[] {"help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)))
                .isZero();
        assertThat(out.toString()).contains("ostree", "Manage an OSTree repository", "image", "boot", "--version");
    }

    @Test
    void aUsageErrorPrintsTheReasonAndTheUsageLineOnStderr() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"image", "copy", "--nope", "a", "b"}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines().toList()).containsExactly(
                "error: Unknown option: '--nope'",
                "Usage: bootc4j image copy [OPTIONS] SRC DEST",
                "Try 'bootc4j image copy --help' for more information.");
    }

    @Test
    void inheritedVerboseAfterTheSubcommandPrintsTheStackTrace(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        String[] args = {"ostree", "--repo", dir.resolve("missing").toString(), "fsck", "--verbose"};
        assertThat(Main.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: ").contains("\tat ");
    }

    @Test
    void theRepositoryMayBeNamedBeforeOrAfterTheSubcommand(@TempDir Path dir) {
        Path before = dir.resolve("before");
        Path after = dir.resolve("after");
        StringWriter err = new StringWriter();
        assertThat(Main.run(new String[] {"ostree", "--repo=" + before, "init", "--mode=archive"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))).as(err.toString()).isZero();
        assertThat(Main.run(new String[] {"ostree", "init", "--repo", after.toString(), "--mode", "bare-user"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))).as(err.toString()).isZero();
        assertThat(before.resolve("config")).content().contains("mode=archive-z2");
        assertThat(after.resolve("config")).content().contains("mode=bare-user");
    }
}
