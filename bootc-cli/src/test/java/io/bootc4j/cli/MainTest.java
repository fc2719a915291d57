package io.bootc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void versionPrintsTheProjectVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("bootc4j ").doesNotContain("unknown").doesNotContain("${");
    }

    @Test
    void helpListsTheCommandName() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: bootc4j");
    }

    @Test
    void unknownOptionIsAUsageErrorOnStderr() {
        assertThat(run("--no-such-option")).isEqualTo(2);
        assertThat(err.toString()).contains("--no-such-option");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void missingSubcommandFailsWithoutStackTrace() {
        assertThat(run()).isNotZero();
        assertThat(err.toString()).contains("missing subcommand").doesNotContain("\tat ");
    }
}
