package io.bootc4j.cli;

import java.io.PrintWriter;

/**
 * A {@code bootc4j} command that does work when the command line selects it. Commands that only
 * group others ({@code bootc4j ostree}) do not implement it: naming one without a subcommand is a
 * usage error.
 */
interface Command {

    /**
     * Runs the command after its options and parameters were applied. Returns the exit code; a
     * {@link UsageException} exits with 2, any other exception with 1, each as one line on
     * {@code err}.
     */
    int run(PrintWriter out, PrintWriter err) throws Exception;
}
