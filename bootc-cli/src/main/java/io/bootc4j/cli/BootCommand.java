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

/**
 * {@code bootc4j boot …}: boot loader entries, grubenv (like {@code grub-editenv}) and the
 * effective kernel command line from an image's kargs.d.
 */
public final class BootCommand {

    private BootCommand() {}

    static CommandSyntax<BootCommand> syntax() {
        return CommandSyntax.of("boot", "Boot Loader Specification entries, grubenv and kernel arguments.",
                BootCommand::new)
                .subcommand("entries", Entries::syntax)
                .subcommand("grubenv", GrubenvCommand::syntax)
                .subcommand("kargs", Kargs::syntax);
    }

    /** {@code boot entries [--json] [--order=ostree|bls] DIR}. */
    static final class Entries implements Command {
        private static final Set<String> MULTI = Set.of("initrd", "options", "devicetree-overlay");

        Path dir;
        boolean json;
        String order;

        static CommandSyntax<Entries> syntax() {
            return CommandSyntax.of("entries",
                    "List the BLS entries of DIR (a loader/entries directory) in boot order, default first.", Entries::new)
                    .pathParameter("DIR", "", (c, v) -> c.dir = v)
                    .flag("--json", "Print a JSON array of objects whose fields are the BLS keys.", c -> c.json = true)
                    .value("--order", "ORDER", "ostree (version, descending) or bls (the specification's order). "
                            + "Default: ostree when every file is ostree-*.conf, else bls.", (c, v) -> c.order = v);
        }

        @Override
        public int run(PrintWriter out, PrintWriter err) throws IOException {
            List<BootEntryFile> entries = new ArrayList<>(BootEntryFile.readDirectory(dir));
            boolean ostree = order == null
                    ? entries.stream().allMatch(e -> e.fileName().startsWith("ostree-"))
                    : switch (order) {
                        case "ostree" -> true;
                        case "bls" -> false;
                        default -> throw new UsageException("--order must be ostree or bls, not \"" + order + "\"");
                    };
            entries.sort(ostree ? BootEntryFile.OSTREE_ORDER : BootEntryFile.BLS_ORDER);
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
    static final class GrubenvCommand implements Command {
        Path file;
        String command;
        final List<String> args = new ArrayList<>();

        static CommandSyntax<GrubenvCommand> syntax() {
            return CommandSyntax.of("grubenv", "Read or edit a GRUB environment block like grub-editenv: "
                    + "FILE list | set NAME=VALUE… | unset NAME…", GrubenvCommand::new)
                    .pathParameter("FILE", "", (c, v) -> c.file = v)
                    .parameter("COMMAND", "list, set, unset or create", (c, v) -> c.command = v)
                    .parameters("ARG", "", (c, v) -> c.args.add(v));
        }

        @Override
        public int run(PrintWriter out, PrintWriter err) throws IOException {
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
                            throw new UsageException("invalid parameter \"" + a + "\": expected NAME=VALUE");
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
                default -> throw new UsageException("unknown grubenv command \"" + command + "\" (expected list, set, unset or create)");
            }
            out.flush();
            return 0;
        }

        private void noArgs() {
            if (!args.isEmpty()) {
                throw new UsageException("\"" + command + "\" takes no arguments, got " + args);
            }
        }
    }

    /** {@code boot kargs --kargs-d DIR [--arch ARCH] [--base CMDLINE]}. */
    static final class Kargs implements Command {
        Path kargsD;
        String arch;
        String base = "";

        static CommandSyntax<Kargs> syntax() {
            return CommandSyntax.of("kargs",
                    "Print the effective kernel command line: BASE, then the kargs.d arguments in file order.", Kargs::new)
                    .pathValue("--kargs-d", "DIR", "A kargs.d directory (usr/lib/bootc/kargs.d); required.",
                            (c, v) -> c.kargsD = v)
                    .value("--arch", "ARCH",
                            "Architecture in Rust's spelling (x86_64, aarch64, …); default: this machine's.",
                            (c, v) -> c.arch = v)
                    .value("--base", "CMDLINE", "Arguments that come first.", (c, v) -> c.base = v);
        }

        @Override
        public int run(PrintWriter out, PrintWriter err) throws IOException {
            if (kargsD == null) {
                throw new UsageException("Missing required option: '--kargs-d=DIR'");
            }
            KernelArgs baseArgs;
            try {
                baseArgs = KernelArgs.parse(base);
            } catch (IllegalArgumentException e) {
                throw new BootFileFormatException("--base", 0, e.getMessage());
            }
            String architecture = arch != null ? KargsD.rustArch(arch) : KargsD.hostArchitecture();
            KernelArgs effective = baseArgs.appendAll(KargsD.load(kargsD).argsFor(architecture));
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
