package io.bootc4j.cli;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.Commit;
import io.bootc4j.ostree.DirMeta;
import io.bootc4j.ostree.DirTree;
import io.bootc4j.ostree.FileHeader;
import io.bootc4j.ostree.FileObject;
import io.bootc4j.ostree.ObjectName;
import io.bootc4j.ostree.ObjectNotFoundException;
import io.bootc4j.ostree.ObjectType;
import io.bootc4j.ostree.Repo;
import io.bootc4j.ostree.TreeDiff;
import io.bootc4j.ostree.Xattrs;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The read-only {@code ostree} subcommands, with ostree's output format: ls, log, show, cat, diff. */
final class OstreeInspectCommands {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000'").withZone(ZoneOffset.UTC);

    private OstreeInspectCommands() {}

    /** A path inside a commit: a directory (tree + meta) or a file (content checksum). */
    private record Node(String path, boolean dir, Checksum tree, Checksum meta, Checksum content) {}

    private static Node lookup(Repo repo, Checksum commit, String path) throws IOException {
        Commit c = repo.readCommit(commit);
        Node n = new Node("/", true, c.rootTree(), c.rootMeta(), null);
        StringBuilder sofar = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (!n.dir()) {
                throw notFound(commit, path);
            }
            sofar.append('/').append(part);
            DirTree t = repo.readDirTree(n.tree());
            Node next = null;
            for (DirTree.Dir d : t.dirs()) {
                if (d.name().equals(part)) {
                    next = new Node(sofar.toString(), true, d.tree(), d.meta(), null);
                }
            }
            for (DirTree.File f : t.files()) {
                if (f.name().equals(part)) {
                    next = new Node(sofar.toString(), false, null, null, f.content());
                }
            }
            if (next == null) {
                throw notFound(commit, path);
            }
            n = next;
        }
        return n;
    }

    private static ObjectNotFoundException notFound(Checksum commit, String path) {
        return new ObjectNotFoundException(new ObjectName(commit, ObjectType.COMMIT), "no path " + path + " in it");
    }

    static final class Ls extends OstreeCommand.Sub {
        boolean recursive;
        boolean checksum;
        boolean xattrs;
        boolean dirOnly;
        String rev;
        final List<String> paths = new ArrayList<>();

        Ls(OstreeCommand parent) {
            super(parent);
        }

        static CommandSyntax<Ls> syntax() {
            return CommandSyntax.under("ls", "List file paths.", Ls::new)
                    .flag("-R, --recursive", "Print directories recursively.", c -> c.recursive = true)
                    .flag("-C, --checksum", "Print checksum.", c -> c.checksum = true)
                    .flag("-X, --xattrs", "Print extended attributes.", c -> c.xattrs = true)
                    .flag("-d, --dironly", "Only print directories.", c -> c.dirOnly = true)
                    .parameter("COMMIT", "", (c, v) -> c.rev = v)
                    .parameters("PATH", "", (c, v) -> c.paths.add(v));
        }

        @Override
        int call() throws IOException {
            try (Repo repo = openRepo()) {
                Checksum c = repo.resolveRev(rev);
                for (String p : paths.isEmpty() ? List.of("/") : paths) {
                    Node n = lookup(repo, c, p);
                    print(repo, n);
                    if (n.dir() && !dirOnly) {
                        children(repo, n);
                    }
                }
            }
            return 0;
        }

        private void children(Repo repo, Node dir) throws IOException {
            DirTree t = repo.readDirTree(dir.tree());
            String base = dir.path().equals("/") ? "" : dir.path();
            for (DirTree.File f : t.files()) {
                print(repo, new Node(base + "/" + f.name(), false, null, null, f.content()));
            }
            for (DirTree.Dir d : t.dirs()) {
                Node child = new Node(base + "/" + d.name(), true, d.tree(), d.meta(), null);
                print(repo, child);
                if (recursive) {
                    children(repo, child);
                }
            }
        }

        private void print(Repo repo, Node n) throws IOException {
            StringBuilder sb = new StringBuilder();
            if (n.dir()) {
                DirMeta m = repo.readDirMeta(n.meta());
                sb.append(String.format("d0%04o %d %d %6d ", m.mode() & 07777, m.uid() & 0xffffffffL, m.gid() & 0xffffffffL, 0));
                if (checksum) {
                    sb.append(n.tree()).append(' ').append(n.meta()).append(' ');
                }
                if (xattrs) {
                    sb.append("{ ").append(formatXattrs(m.xattrs())).append(" } ");
                }
                sb.append(n.path());
            } else {
                try (FileObject f = repo.openFile(n.content())) {
                    FileHeader h = f.header();
                    sb.append(String.format("%c0%04o %d %d %6d ", h.isSymlink() ? 'l' : '-', h.mode() & 07777,
                            h.uid() & 0xffffffffL, h.gid() & 0xffffffffL, f.size()));
                    if (checksum) {
                        sb.append(n.content()).append(' ');
                    }
                    if (xattrs) {
                        sb.append("{ ").append(formatXattrs(h.xattrs())).append(" } ");
                    }
                    sb.append(n.path());
                    if (h.isSymlink()) {
                        sb.append(" -> ").append(h.symlinkTarget());
                    }
                }
            }
            out().println(sb);
        }
    }

    /** GLib's {@code g_variant_print} of an {@code a(ayay)} with type annotation. */
    static String formatXattrs(Xattrs x) {
        if (x.isEmpty()) {
            return "@a(ayay) []";
        }
        StringBuilder sb = new StringBuilder("[");
        for (Xattrs.Xattr e : x.entries()) {
            boolean first = sb.length() == 1;
            if (!first) {
                sb.append(", ");
            }
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            sb.append('(').append(bytes(java.util.Arrays.copyOf(name, name.length + 1), first)).append(", ")
                    .append(bytes(e.value(), first)).append(')');
        }
        return sb.append(']').toString();
    }

    /**
     * GLib's {@code g_variant_print} of an {@code ay}: a byte string (one NUL, at the end) prints as
     * {@code b'...'} escaped as {@code g_strescape} does, in double quotes when it holds a {@code '};
     * anything else as a list of bytes. Like GLib, only the first element of an array carries the type
     * annotation ({@code [byte 0x41, 0x42]}, {@code @ay []}); later ones print bare ({@code [0x43]}).
     */
    static String bytes(byte[] b, boolean annotate) {
        int nul = 0;
        while (nul < b.length && b[nul] != 0) {
            nul++;
        }
        if (b.length == 0 || nul != b.length - 1) {
            StringBuilder sb = new StringBuilder(!annotate ? "[" : b.length == 0 ? "@ay [" : "[byte ");
            for (int i = 0; i < b.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(String.format("0x%02x", b[i] & 0xff));
            }
            return sb.append(']').toString();
        }
        boolean hasApostrophe = false;
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < nul; i++) {
            int c = b[i] & 0xff;
            hasApostrophe |= c == '\'';
            switch (c) {
                case '\b' -> escaped.append("\\b");
                case '\f' -> escaped.append("\\f");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                case 0x0b -> escaped.append("\\v");
                case '\\' -> escaped.append("\\\\");
                case '"' -> escaped.append("\\\"");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        escaped.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)))
                                .append((char) ('0' + (c & 7)));
                    } else {
                        escaped.append((char) c);
                    }
                }
            }
        }
        char quote = hasApostrophe ? '"' : '\'';
        return "b" + quote + escaped + quote;
    }

    /** ostree's {@code dump_commit} ({@code ot-dump.c}). */
    static void dumpCommit(PrintWriter out, Checksum checksum, Commit c) {
        out.println("commit " + checksum);
        c.parent().ifPresent(p -> out.println("Parent:  " + p));
        out.println("ContentChecksum:  " + c.contentChecksum());
        out.println("Date:  " + DATE.format(Instant.ofEpochSecond(c.timestamp())));
        c.metadata().getString("version").ifPresent(v -> out.println("Version: " + v));
        if (!c.subject().isEmpty()) {
            out.println();
            indented(out, c.subject());
        } else {
            out.println("(no subject)");
        }
        if (!c.body().isEmpty()) {
            out.println();
            indented(out, c.body());
        }
        out.println();
    }

    private static void indented(PrintWriter out, String text) {
        for (String line : text.split("\n", -1)) {
            out.println("    " + line);
        }
    }

    static final class Log extends OstreeCommand.Sub {
        String rev;

        Log(OstreeCommand parent) {
            super(parent);
        }

        static CommandSyntax<Log> syntax() {
            return CommandSyntax.under("log", "Show log starting at commit or ref.", Log::new)
                    .parameter("REV", "", (c, v) -> c.rev = v);
        }

        @Override
        int call() throws IOException {
            try (Repo repo = openRepo()) {
                Optional<Checksum> next = Optional.of(repo.resolveRev(rev));
                while (next.isPresent()) {
                    Checksum c = next.get();
                    if (!repo.hasObject(new ObjectName(c, ObjectType.COMMIT))) {
                        out().println("<< History beyond this commit not fetched >>");
                        break;
                    }
                    Commit commit = repo.readCommit(c);
                    dumpCommit(out(), c, commit);
                    next = commit.parent();
                }
            }
            return 0;
        }
    }

    static final class Show extends OstreeCommand.Sub {
        String rev;

        Show(OstreeCommand parent) {
            super(parent);
        }

        static CommandSyntax<Show> syntax() {
            return CommandSyntax.under("show", "Output a metadata object.", Show::new)
                    .parameter("OBJECT", "", (c, v) -> c.rev = v);
        }

        @Override
        int call() throws IOException {
            try (Repo repo = openRepo()) {
                Checksum c = repo.resolveRev(rev);
                dumpCommit(out(), c, repo.readCommit(c));
            }
            return 0;
        }
    }

    static final class Cat extends OstreeCommand.Sub {
        String rev;
        final List<String> paths = new ArrayList<>();

        Cat(OstreeCommand parent) {
            super(parent);
        }

        static CommandSyntax<Cat> syntax() {
            return CommandSyntax.under("cat", "Concatenate contents of files.", Cat::new)
                    .parameter("COMMIT", "", (c, v) -> c.rev = v)
                    .parameters("PATH", "", (c, v) -> c.paths.add(v));
        }

        @Override
        int call() throws IOException {
            try (Repo repo = openRepo()) {
                Checksum c = repo.resolveRev(rev);
                for (String p : paths) {
                    Node n = lookup(repo, c, p);
                    if (n.dir()) {
                        throw new IOException(p + ": is a directory in commit " + c);
                    }
                    try (FileObject f = repo.openFile(n.content()); InputStream in = f.content()) {
                        // the CLI's output is a character stream; file bytes are passed through as UTF-8 text
                        out().print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
                out().flush();
            }
            return 0;
        }
    }

    static final class Diff extends OstreeCommand.Sub {
        String from;
        String to;

        Diff(OstreeCommand parent) {
            super(parent);
        }

        static CommandSyntax<Diff> syntax() {
            return CommandSyntax.under("diff", "Compare directory TARGETDIR against revision REV.", Diff::new)
                    .parameter("REV", "", (c, v) -> c.from = v)
                    .optionalParameter("TARGETDIR|REV", "", (c, v) -> c.to = v);
        }

        @Override
        int call() throws IOException {
            try (Repo repo = openRepo()) {
                TreeDiff d;
                if (to == null) {
                    d = repo.diff(repo.resolveRev(from + "^"), repo.resolveRev(from));
                } else if (Files.isDirectory(Path.of(to))) {
                    d = repo.diff(repo.resolveRev(from), Path.of(to));
                } else {
                    d = repo.diff(repo.resolveRev(from), repo.resolveRev(to));
                }
                d.modified().forEach(p -> out().println("M    " + p));
                d.removed().forEach(p -> out().println("D    " + p));
                d.added().forEach(p -> out().println("A    " + p));
            }
            return 0;
        }
    }
}
