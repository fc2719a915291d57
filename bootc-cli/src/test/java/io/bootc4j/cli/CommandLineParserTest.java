package io.bootc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.cli.CommandLineParser.BadCommandLine;
import io.bootc4j.cli.CommandLineParser.Invocation;
import io.bootc4j.cli.CommandLineParser.Request;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineParserTest {

    /** A root with an inherited flag, a group with an inherited value, and a leaf with one of each kind. */
    static final class Root {
        boolean verbose;
        boolean local;
    }

    static final class Group {
        final Root root;
        Path repo;

        Group(Root root) {
            this.root = root;
        }
    }

    static final class Leaf implements Command {
        final Group group;
        boolean all;
        boolean quiet;
        String branch;
        Boolean tls;
        int depth = -1;
        final List<String> trees = new ArrayList<>();
        String first;
        Path second;
        final List<String> rest = new ArrayList<>();

        Leaf(Group group) {
            this.group = group;
        }

        @Override
        public int run(PrintWriter out, PrintWriter err) {
            return 0;
        }
    }

    static final class Diff implements Command {
        String from;
        String to;

        @Override
        public int run(PrintWriter out, PrintWriter err) {
            return 0;
        }
    }

    static CommandSyntax<Root> syntax() {
        return CommandSyntax.of("tool", "A test tool.", Root::new)
                .flag("--verbose", "Inherited.", r -> r.verbose = true).inherited()
                .flag("--local", "Not inherited.", r -> r.local = true)
                .subcommand("group", () -> CommandSyntax.under("group", "A group.", Group::new)
                        .pathValue("--repo", "PATH", "Inherited.", (g, v) -> g.repo = v).inherited()
                        .subcommand("leaf", () -> CommandSyntax.under("leaf", "A leaf.", Leaf::new)
                                .flag("-a, --all", "All.", l -> l.all = true)
                                .flag("-q, --quiet", "Quiet.", l -> l.quiet = true)
                                .value("-b, --branch", "BRANCH", "Branch.", (l, v) -> l.branch = v)
                                .booleanValue("--tls", "BOOL", "TLS.", (l, v) -> l.tls = v)
                                .intValue("--depth", "N", "Depth.", (l, v) -> l.depth = v)
                                .value("--tree", "TREE", "Repeatable.", (l, v) -> l.trees.add(v))
                                .parameter("FIRST", "", (l, v) -> l.first = v)
                                .pathParameter("SECOND", "", (l, v) -> l.second = v)
                                .parameters("REST", "", (l, v) -> l.rest.add(v))))
                .subcommand("diff", () -> CommandSyntax.of("diff", "Two revs.", Diff::new)
                        .parameter("FROM", "", (d, v) -> d.from = v)
                        .optionalParameter("TO", "", (d, v) -> d.to = v));
    }

    private static Invocation parse(String... args) throws BadCommandLine {
        return CommandLineParser.parse(syntax(), List.of(args));
    }

    private static Leaf leaf(String... args) throws BadCommandLine {
        Invocation i = parse(args);
        assertThat(i.request()).isEqualTo(Request.RUN);
        return (Leaf) i.command();
    }

    private static String error(String... args) {
        try {
            parse(args);
        } catch (BadCommandLine e) {
            return e.getMessage();
        }
        throw new AssertionError("parsed: " + List.of(args));
    }

    @Test
    void optionsMayComeBeforeBetweenAndAfterParameters() throws Exception {
        Leaf l = leaf("group", "leaf", "--all", "one", "-b", "main", "two", "--tree=dir=x", "three", "--tree", "tar=y");
        assertThat(l.all).isTrue();
        assertThat(l.branch).isEqualTo("main");
        assertThat(l.first).isEqualTo("one");
        assertThat(l.second).isEqualTo(Path.of("two"));
        assertThat(l.rest).containsExactly("three");
        assertThat(l.trees).containsExactly("dir=x", "tar=y");
    }

    @Test
    void aValueIsTakenWholeWhateverItLooksLike() throws Exception {
        assertThat(leaf("group", "leaf", "--branch", "--all", "a", "b").branch).isEqualTo("--all");
        assertThat(leaf("group", "leaf", "--branch=x=y=z", "a", "b").branch).isEqualTo("x=y=z");
        assertThat(leaf("group", "leaf", "--branch=", "a", "b").branch).isEmpty();
        assertThat(leaf("group", "leaf", "--depth", "-3", "a", "b").depth).isEqualTo(-3);
    }

    @Test
    void shortOptionsClusterAndTakeAnAttachedOrFollowingValue() throws Exception {
        Leaf clustered = leaf("group", "leaf", "-aq", "a", "b");
        assertThat(clustered.all).isTrue();
        assertThat(clustered.quiet).isTrue();
        assertThat(leaf("group", "leaf", "-bmain", "a", "b").branch).isEqualTo("main");
        assertThat(leaf("group", "leaf", "-qbmain", "a", "b").branch).isEqualTo("main");
        assertThat(leaf("group", "leaf", "-b", "main", "a", "b").branch).isEqualTo("main");
    }

    @Test
    void aSingleValuedOptionGivenTwiceKeepsTheLastValue() throws Exception {
        assertThat(leaf("group", "leaf", "-b", "one", "--branch=two", "a", "b").branch).isEqualTo("two");
    }

    @Test
    void anOptionalBooleanTakesTheNextWordOnlyWhenItIsABoolean() throws Exception {
        assertThat(leaf("group", "leaf", "--tls", "a", "b").tls).isTrue();
        assertThat(leaf("group", "leaf", "--tls=false", "a", "b").tls).isFalse();
        assertThat(leaf("group", "leaf", "--tls", "FALSE", "a", "b").tls).isFalse();
        Leaf l = leaf("group", "leaf", "--tls", "a", "b", "c");
        assertThat(l.tls).isTrue();
        assertThat(l.first).isEqualTo("a");
        assertThat(l.rest).containsExactly("c");
        assertThat(leaf("group", "leaf", "a", "b").tls).isNull();
        assertThat(error("group", "leaf", "--tls=maybe", "a", "b"))
                .isEqualTo("Invalid value for option '--tls': 'maybe' is not true or false");
    }

    @Test
    void inheritedOptionsSetTheirOwnCommandsFieldAfterASubcommand() throws Exception {
        Leaf l = leaf("group", "leaf", "a", "b", "--repo", "/r", "--verbose");
        assertThat(l.group.repo).isEqualTo(Path.of("/r"));
        assertThat(l.group.root.verbose).isTrue();
        Leaf before = leaf("--verbose", "group", "--repo=/s", "leaf", "a", "b");
        assertThat(before.group.repo).isEqualTo(Path.of("/s"));
        assertThat(before.group.root.verbose).isTrue();
        assertThat(leaf("group", "--repo=/s", "leaf", "--repo=/t", "a", "b").group.repo).isEqualTo(Path.of("/t"));
    }

    @Test
    void anOptionNotInheritedBelongsOnlyToItsCommand() throws Exception {
        assertThat(((Leaf) parse("--local", "group", "leaf", "a", "b").command()).group.root.local).isTrue();
        assertThat(error("group", "leaf", "--local", "a", "b")).isEqualTo("Unknown option: '--local'");
    }

    @Test
    void afterDoubleDashEveryWordIsAParameter() throws Exception {
        Leaf l = leaf("group", "leaf", "--", "-a", "--help", "leaf");
        assertThat(l.all).isFalse();
        assertThat(l.first).isEqualTo("-a");
        assertThat(l.second).isEqualTo(Path.of("--help"));
        assertThat(l.rest).containsExactly("leaf");
        assertThat(error("group", "--", "leaf")).startsWith("missing subcommand of 'tool group'");
    }

    @Test
    void aLoneDashIsAParameter() throws Exception {
        assertThat(leaf("group", "leaf", "-", "b").first).isEqualTo("-");
    }

    @Test
    void parametersAreCountedAgainstTheSyntax() throws Exception {
        assertThat(error("group", "leaf", "a")).isEqualTo("Missing required parameter: 'SECOND'");
        assertThat(error("group", "leaf")).isEqualTo("Missing required parameters: 'FIRST', 'SECOND'");
        assertThat(error("diff", "a", "b", "c", "d")).isEqualTo("Unmatched arguments: 'c', 'd'");
        Diff one = (Diff) parse("diff", "a").command();
        assertThat(one.from).isEqualTo("a");
        assertThat(one.to).isNull();
        assertThat(((Diff) parse("diff", "a", "b").command()).to).isEqualTo("b");
    }

    @Test
    void mistakesNameTheWordAndTheCommandReached() {
        assertThat(error("group", "leaf", "--nope", "a", "b")).isEqualTo("Unknown option: '--nope'");
        assertThat(error("group", "leaf", "-aZ", "a", "b")).isEqualTo("Unknown option: '-Z' in '-aZ'");
        assertThat(error("group", "leaf", "--all=yes", "a", "b")).isEqualTo("Option '--all' takes no value, got '--all=yes'");
        assertThat(error("group", "leaf", "a", "b", "--branch")).isEqualTo("Missing value for option '--branch' (BRANCH)");
        assertThat(error("group", "leaf", "--depth=deep", "a", "b"))
                .isEqualTo("Invalid value for option '--depth': 'deep' is not an integer");
        assertThat(error("group", "leaf", "a", "b\0")).startsWith("Invalid value for parameter 'SECOND': 'b\0' is not a path");
        assertThat(error("nope")).isEqualTo("Unknown command: 'nope' (tool has group, diff)");
        assertThat(error()).isEqualTo("missing subcommand of 'tool': one of group, diff");
        BadCommandLine e = (BadCommandLine) org.assertj.core.api.Assertions.catchThrowable(
                () -> parse("group", "leaf", "--nope"));
        assertThat(CommandLineParser.commandName(e.path())).isEqualTo("tool group leaf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "--help"})
    void helpStopsParsingWhereverItAppears(String help) throws Exception {
        Invocation i = parse("group", "leaf", help, "--nope", "and", "more");
        assertThat(i.request()).isEqualTo(Request.HELP);
        assertThat(CommandLineParser.commandName(i.path())).isEqualTo("tool group leaf");
        assertThat(parse("group", help, "leaf").path()).hasSize(2);
    }

    @Test
    void helpAsAWordNamesTheCommandToDescribe() throws Exception {
        assertThat(CommandLineParser.commandName(parse("help", "group", "leaf").path())).isEqualTo("tool group leaf");
        assertThat(parse("help").path()).hasSize(1);
        assertThat(error("help", "group", "nope")).isEqualTo("Unknown command: 'nope' (group has leaf)");
    }

    @Test
    void versionIsAnOptionOfTheRootOnly() throws Exception {
        assertThat(parse("--version").request()).isEqualTo(Request.VERSION);
        assertThat(parse("-V", "group").request()).isEqualTo(Request.VERSION);
        assertThat(error("group", "--version")).isEqualTo("Unknown option: '--version'");
    }

    @Test
    void aSyntaxRefusesDuplicateOrMalformedNamesAndMisplacedParameters() {
        assertThatThrownBy(() -> CommandSyntax.of("x", "", Root::new).flag("--a", "", r -> { }).flag("-b, --a", "", r -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--a declared twice");
        assertThatThrownBy(() -> CommandSyntax.of("x", "", Root::new).flag("--A", "", r -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'--A'");
        assertThatThrownBy(() -> CommandSyntax.of("x", "", Root::new).flag("-ab", "", r -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'-ab'");
        assertThatThrownBy(() -> CommandSyntax.of("x", "", Root::new).flag("-a,--b", "", r -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandSyntax.of("x", "", Diff::new)
                .optionalParameter("A", "", (d, v) -> { }).parameter("B", "", (d, v) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("B follows an optional one");
    }

    @Test
    void optionNamesAreRecognisedWithoutRegularExpressions() {
        assertThat(CommandSyntax.isOptionName("-x")).isTrue();
        assertThat(CommandSyntax.isOptionName("--registries.d")).isTrue();
        assertThat(CommandSyntax.isOptionName("--image-parallel-copies")).isTrue();
        assertThat(CommandSyntax.isOptionName("--")).isFalse();
        assertThat(CommandSyntax.isOptionName("--9a")).isFalse();
        assertThat(CommandSyntax.isOptionName("-é")).isFalse();
        assertThat(CommandSyntax.isOptionName("x")).isFalse();
        assertThat(CommandSyntax.isOptionName("--a b")).isFalse();
    }
}
