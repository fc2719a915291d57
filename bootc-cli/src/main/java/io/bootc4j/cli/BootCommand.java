package io.bootc4j.cli;

import io.bootc4j.boot.BootEntryFile;
import io.bootc4j.boot.BootException;
import io.bootc4j.boot.BootFileFormatException;
import io.bootc4j.boot.Grubenv;
import io.bootc4j.boot.KargsD;
import io.bootc4j.boot.KernelArgs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bootc4j boot …}: boot loader entries, grubenv (like {@code grub-editenv}) and the
 * effective kernel command line from an image's kargs.d.
 */
@Command(name = "boot", mixinStandardHelpOptions = true,
        description = "Boot Loader Specification entries, grubenv and kernel arguments.")
public final class BootCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing boot subcommand");
    }

    /** {@code boot entries [--json] [--order=ostree|bls] DIR}. */
    @Command(name = "entries", mixinStandardHelpOptions = true,
            description = "List the BLS entries of DIR (a loader/entries directory) in boot order, default first.")
    static final class Entries implements Callable<Integer> {
        private static final Set<String> MULTI = Set.of("initrd", "options", "devicetree-overlay");

        @Parameters(index = "0", paramLabel = "DIR")
        Path dir;

        @Option(names = "--json", description = "Print a JSON array of objects whose fields are the BLS keys.")
        boolean json;

        @Option(names = "--order", paramLabel = "ORDER",
                description = "ostree (version, descending) or bls (the specification's order). "
                        + "Default: ostree when every file is ostree-*.conf, else bls.")
        String order;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            List<BootEntryFile> entries = new ArrayList<>(BootEntryFile.readDirectory(dir));
            boolean ostree = order == null
                    ? entries.stream().allMatch(e -> e.fileName().startsWith("ostree-"))
                    : switch (order) {
                        case "ostree" -> true;
                        case "bls" -> false;
                        default -> throw new CommandLine.ParameterException(spec.commandLine(),
                                "--order must be ostree or bls, not \"" + order + "\"");
                    };
            entries.sort(ostree ? BootEntryFile.OSTREE_ORDER : BootEntryFile.BLS_ORDER);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(toJson(entries));
            } else {
                for (BootEntryFile e : entries) {
                    out.printf("%s\t%s\t%s%n", e.fileName(), e.entry().version().orElse("-"),
                            e.entry().title().orElse("(Untitled)"));
                }
            }
            out.flush();
            return 0;
        }

        static String toJson(List<BootEntryFile> entries) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < entries.size(); i++) {
                BootEntryFile e = entries.get(i);
                Map<String, List<String>> keys = new LinkedHashMap<>();
                for (Map.Entry<String, String> line : e.entry().lines()) {
                    keys.computeIfAbsent(line.getKey(), k -> new ArrayList<>()).add(line.getValue());
                }
                out.append(i == 0 ? "\n  {" : ",\n  {");
                out.append(Json.quote("file")).append(": ").append(Json.quote(e.fileName()));
                for (Map.Entry<String, List<String>> k : keys.entrySet()) {
                    out.append(", ").append(Json.quote(k.getKey())).append(": ");
                    List<String> values = k.getValue();
                    if (MULTI.contains(k.getKey()) || values.size() > 1) {
                        out.append('[');
                        for (int j = 0; j < values.size(); j++) {
                            out.append(j == 0 ? "" : ", ").append(Json.quote(values.get(j)));
                        }
                        out.append(']');
                    } else {
                        out.append(Json.quote(values.get(0)));
                    }
                }
                out.append('}');
            }
            return out.append(entries.isEmpty() ? "]" : "\n]").toString();
        }
    }

    /** {@code boot grubenv FILE list | set K=V… | unset K…}, as {@code grub-editenv}. */
    @Command(name = "grubenv", mixinStandardHelpOptions = true,
            description = "Read or edit a GRUB environment block like grub-editenv: FILE list | set NAME=VALUE… | unset NAME…")
    static final class GrubenvCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Parameters(index = "1", paramLabel = "COMMAND", description = "list, set, unset or create")
        String command;

        @Parameters(index = "2..*", paramLabel = "ARG")
        List<String> args = new ArrayList<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            switch (command) {
                case "list" -> {
                    noArgs();
                    Grubenv.read(file).variables().forEach((k, v) -> out.print(k + "=" + v + "\n"));
                }
                case "create" -> {
                    noArgs();
                    Grubenv.create().write(file);
                }
                case "set" -> {
                    Grubenv env = Grubenv.readOrCreate(file);
                    for (String a : args) {
                        int eq = a.indexOf('=');
                        if (eq <= 0) {
                            throw new CommandLine.ParameterException(spec.commandLine(),
                                    "invalid parameter \"" + a + "\": expected NAME=VALUE");
                        }
                        try {
                            env = env.set(a.substring(0, eq), a.substring(eq + 1));
                        } catch (BootException e) {
                            throw new BootException(file + ": " + e.getMessage(), e);
                        }
                    }
                    env.write(file);
                }
                case "unset" -> {
                    Grubenv env = Grubenv.read(file);
                    for (String a : args) {
                        env = env.unset(a);
                    }
                    env.write(file);
                }
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "unknown grubenv command \"" + command + "\" (expected list, set, unset or create)");
            }
            out.flush();
            return 0;
        }

        private void noArgs() {
            if (!args.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "\"" + command + "\" takes no arguments, got " + args);
            }
        }
    }

    /** {@code boot kargs --kargs-d DIR [--arch ARCH] [--base CMDLINE]}. */
    @Command(name = "kargs", mixinStandardHelpOptions = true,
            description = "Print the effective kernel command line: BASE, then the kargs.d arguments in file order.")
    static final class Kargs implements Callable<Integer> {
        @Option(names = "--kargs-d", paramLabel = "DIR", required = true,
                description = "A kargs.d directory (usr/lib/bootc/kargs.d).")
        Path kargsD;

        @Option(names = "--arch", paramLabel = "ARCH",
                description = "Architecture in Rust's spelling (x86_64, aarch64, …); default: this machine's.")
        String arch;

        @Option(names = "--base", paramLabel = "CMDLINE", description = "Arguments that come first.")
        String base = "";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            KernelArgs baseArgs;
            try {
                baseArgs = KernelArgs.parse(base);
            } catch (IllegalArgumentException e) {
                throw new BootFileFormatException("--base", 0, e.getMessage());
            }
            String architecture = arch != null ? KargsD.rustArch(arch) : KargsD.hostArchitecture();
            KernelArgs effective = baseArgs.appendAll(KargsD.load(kargsD).argsFor(architecture));
            PrintWriter out = spec.commandLine().getOut();
            out.println(effective);
            out.flush();
            return 0;
        }
    }

    /** Just enough JSON for string values: RFC 8259 escaping. */
    static final class Json {
        private Json() {}

        static String quote(String s) {
            StringBuilder out = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }
    }
}
