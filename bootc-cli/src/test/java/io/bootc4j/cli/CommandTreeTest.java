package io.bootc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandTreeTest {

    @Test
    void everySubcommandIsRegisteredUnderTheNameItsAnnotationDeclares() {
        assertNamesMatchAnnotations(CommandTree.full());
    }

    private static void assertNamesMatchAnnotations(CommandLine cli) {
        for (Map.Entry<String, CommandLine> e : cli.getSubcommands().entrySet()) {
            Object command = e.getValue().getCommandSpec().userObject();
            CommandLine.Command annotation = command.getClass().getAnnotation(CommandLine.Command.class);
            assertThat(annotation.name()).as(command.getClass().getName()).isEqualTo(e.getKey());
            assertNamesMatchAnnotations(e.getValue());
        }
    }

    @Test
    void aNamedCommandAttachesOnlyItsOwnPath() {
        CommandLine root = CommandTree.forArgs(new String[] {"--verbose", "ostree", "--repo", "/r", "fsck", "-q"});
        assertThat(root.getSubcommands()).containsOnlyKeys("ostree");
        assertThat(root.getSubcommands().get("ostree").getSubcommands()).containsOnlyKeys("fsck");
    }

    @Test
    void helpOrAnUnknownWordAttachesTheWholeLevel() {
        assertThat(CommandTree.forArgs(new String[] {"help", "ostree"}).getSubcommands().keySet())
                .containsExactlyElementsOf(CommandTree.childNames(Main.class));
        CommandLine ostree = CommandTree.forArgs(new String[] {"ostree", "--help"}).getSubcommands().get("ostree");
        assertThat(ostree.getSubcommands().keySet()).containsExactlyElementsOf(CommandTree.childNames(OstreeCommand.class));
        assertThat(CommandTree.forArgs(new String[] {"no-such", "fsck"}).getSubcommands().keySet())
                .containsExactlyElementsOf(CommandTree.childNames(Main.class));
    }

    @Test
    void aSubcommandNameAfterDoubleDashIsAnOperandNotASelection() {
        CommandLine root = CommandTree.forArgs(new String[] {"image", "--", "copy"});
        assertThat(root.getSubcommands().get("image").getSubcommands().keySet())
                .containsExactlyElementsOf(CommandTree.childNames(ImageCommand.class));
    }

    @Test
    void topLevelHelpStillListsEverySubcommandWithItsDescription() {
        StringWriter out = new StringWriter();
        assertThat(Main.run(new String[] {"--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)))
                .isZero();
        assertThat(out.toString()).contains("ostree", "Manage an OSTree repository", "image", "boot");
    }

    @Test
    void inheritedVerboseReachesALazilyAttachedSubcommand(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        String[] args = {"ostree", "--repo", dir.resolve("missing").toString(), "fsck", "--verbose"};
        assertThat(Main.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: ").contains("\tat ");
    }
}
