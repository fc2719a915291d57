package io.bootc4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The {@code bootc4j} command. Subcommands mirror the tools users already script against
 * ({@code ostree}, {@code skopeo}, {@code bootc}); this class only wires them together and maps
 * failures to exit codes: 0 on success, 1 when an operation fails, 2 on a usage error. A failure
 * prints one line on stderr; {@code --verbose} adds the stack trace.
 */
@Command(
        name = "bootc4j",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Bootable Linux containers: OCI images, OSTree repositories, deployments, boot entries.")
public final class Main implements Runnable {

    @Option(names = "--verbose", description = "Print stack traces of failures.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    /** Runs the command line and returns the process exit code; never calls {@code System.exit}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = CommandTree.forArgs(args);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(Main::onFailure);
        cli.setExecutionStrategy(parsed -> {
            NativeWarmup.await();
            return new CommandLine.RunLast().execute(parsed);
        });
        return cli.execute(args);
    }

    private static int onFailure(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean verbose = parsed.matchedOption("--verbose") != null
                || (parsed.commandSpec().root().userObject() instanceof Main m && m.verbose);
        err.println("error: " + oneLine(e));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    static String oneLine(Throwable e) {
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = e.getClass().getSimpleName();
        }
        return msg.replace('\n', ' ').strip();
    }

    public static void main(String[] args) {
        ProcessDefaults.apply();
        NativeWarmup.start(args);
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        stopIdleSelectors();
        System.exit(code);
    }

    /**
     * HotSpot's exit waits up to 300 ms (30 polls of 10 ms) for Java threads that are inside a
     * native call, and a JDK 17 HttpClient keeps its selector thread in {@code epoll_wait} until
     * the client is garbage-collected: every image command paid those 300 ms after its last
     * output. Interrupting the selector thread makes it leave the poll and end (its loop checks
     * the interrupt), so the exit no longer waits. Called only when all work is done.
     */
    static void stopIdleSelectors() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isDaemon() && t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager")) {
                t.interrupt();
                try {
                    t.join(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Reads the version Maven stamps into {@code version.properties}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"bootc4j " + p.getProperty("version", "unknown")};
        }
    }
}
