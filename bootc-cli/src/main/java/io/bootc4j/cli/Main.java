package io.bootc4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * The {@code bootc4j} command. Subcommands mirror the tools users already script against
 * ({@code ostree}, {@code skopeo}, {@code bootc}); this class only wires them together and maps
 * failures to exit codes: 0 on success, 1 when an operation fails, 2 on a usage error. A failure
 * prints one line on stderr (a usage error adds the usage line); {@code --verbose} adds the stack
 * trace.
 */
public final class Main {

    boolean verbose;

    private Main() {}

    static CommandSyntax<Main> syntax() {
        return CommandSyntax.of("bootc4j",
                "Bootable Linux containers: OCI images, OSTree repositories, deployments, boot entries.", Main::new)
                .flag("--verbose", "Print stack traces of failures.", m -> m.verbose = true).inherited()
                .subcommand("ostree", OstreeCommand::syntax)
                .subcommand("boot", BootCommand::syntax)
                .subcommand("image", ImageCommand::syntax);
    }

    /** Runs the command line and returns the process exit code; never calls {@code System.exit}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLineParser.Invocation invocation;
        try {
            invocation = CommandLineParser.parse(syntax(), List.of(args));
        } catch (CommandLineParser.BadCommandLine e) {
            return usageError(err, e.getMessage(), e.path());
        }
        switch (invocation.request()) {
            case HELP -> {
                out.print(UsageText.help(invocation.path()));
                out.flush();
                return 0;
            }
            case VERSION -> {
                out.println(version());
                out.flush();
                return 0;
            }
            case RUN -> {
                NativeWarmup.await();
                try {
                    return ((Command) invocation.command()).run(out, err);
                } catch (UsageException e) {
                    return usageError(err, e.getMessage(), invocation.path());
                } catch (Exception e) {
                    return failure(err, e, ((Main) invocation.root()).verbose);
                } finally {
                    out.flush();
                }
            }
            default -> throw new IllegalStateException(invocation.request().toString());
        }
    }

    private static int usageError(PrintWriter err, String message, List<CommandSyntax<?>> path) {
        err.println("error: " + message);
        err.println(UsageText.usageLine(path));
        err.println("Try '" + CommandLineParser.commandName(path) + " --help' for more information.");
        err.flush();
        return 2;
    }

    private static int failure(PrintWriter err, Exception e, boolean verbose) {
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

    /** {@code bootc4j VERSION}, from the {@code version.properties} Maven stamps into the jar. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "bootc4j " + p.getProperty("version", "unknown");
    }
}
