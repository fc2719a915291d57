package io.bootc4j.cli;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.FsckResult;
import io.bootc4j.ostree.PruneOptions;
import io.bootc4j.ostree.PruneResult;
import io.bootc4j.ostree.RefName;
import io.bootc4j.ostree.Repo;
import io.bootc4j.ostree.RepoMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bootc4j ostree …}: the {@code ostree} command line over {@link Repo}, with ostree's option
 * names and output shapes so one script can drive either tool. {@code --repo} is accepted before
 * and after the subcommand ({@code ostree} itself wants it after). Without it, {@code $OSTREE_REPO}
 * and then {@code /ostree/repo} are used, as ostree does.
 */
public final class OstreeCommand {

    Path repo;

    static CommandSyntax<OstreeCommand> syntax() {
        return CommandSyntax.of("ostree", "Manage an OSTree repository (byte-compatible with ostree 2022.7).",
                OstreeCommand::new)
                .pathValue("--repo", "PATH", "Path to the OSTree repository.", (c, v) -> c.repo = v).inherited()
                .subcommand("init", Init::syntax)
                .subcommand("commit", OstreeCommitCommand::syntax)
                .subcommand("checkout", OstreeCheckoutCommand::syntax)
                .subcommand("fsck", Fsck::syntax)
                .subcommand("rev-parse", RevParse::syntax)
                .subcommand("ls", OstreeInspectCommands.Ls::syntax)
                .subcommand("log", OstreeInspectCommands.Log::syntax)
                .subcommand("show", OstreeInspectCommands.Show::syntax)
                .subcommand("cat", OstreeInspectCommands.Cat::syntax)
                .subcommand("refs", Refs::syntax)
                .subcommand("prune", Prune::syntax)
                .subcommand("diff", OstreeInspectCommands.Diff::syntax)
                .subcommand("sign", OstreeSignCommands.Sign::syntax)
                .subcommand("summary", OstreeSignCommands.SummaryCmd::syntax);
    }

    /** {@code --repo} (before or after the subcommand), else {@code $OSTREE_REPO}, else ostree's default. */
    Path repoPath() {
        if (repo != null) {
            return repo;
        }
        String env = System.getenv("OSTREE_REPO");
        return Path.of(env != null && !env.isBlank() ? env : "/ostree/repo");
    }

    /** Base of the subcommands: the repository and the output streams. */
    abstract static class Sub implements Command {
        private final OstreeCommand parent;
        private PrintWriter out;
        private PrintWriter err;

        Sub(OstreeCommand parent) {
            this.parent = parent;
        }

        @Override
        public final int run(PrintWriter out, PrintWriter err) throws Exception {
            this.out = out;
            this.err = err;
            return call();
        }

        /** The command's work, once {@link #out()} and {@link #err()} are set. */
        abstract int call() throws Exception;

        Path repoPath() {
            return parent.repoPath();
        }

        Repo openRepo() throws IOException {
            return Repo.open(repoPath());
        }

        PrintWriter out() {
            return out;
        }

        PrintWriter err() {
            return err;
        }
    }

    static final class Init extends Sub {
        String mode = "bare";

        Init(OstreeCommand parent) {
            super(parent);
        }

        static CommandSyntax<Init> syntax() {
            return CommandSyntax.under("init", "Initialize a new empty repository.", Init::new)
                    .value("--mode", "MODE", "bare, bare-user, bare-user-only or archive (archive-z2). Default: bare.",
                            (c, v) -> c.mode = v);
        }

        @Override
        int call() throws IOException {
            RepoMode m = RepoMode.tryParse(mode).orElseThrow(() -> new UsageException("Invalid mode '" + mode + "' in repository configuration"));
            Repo.create(repoPath(), m).close();
            return 0;
        }
    }

    static final class RevParse extends Sub {
        String rev;

        RevParse(OstreeCommand parent) {
            super(parent);
        }

        static CommandSyntax<RevParse> syntax() {
            return CommandSyntax.under("rev-parse", "Output the target of a rev.", RevParse::new)
                    .parameter("REV", "", (c, v) -> c.rev = v);
        }

        @Override
        int call() throws IOException {
            try (Repo repo = openRepo()) {
                out().println(repo.resolveRev(rev));
            }
            return 0;
        }
    }

    static final class Refs extends Sub {
        boolean delete;
        String create;
        final List<String> args = new ArrayList<>();

        Refs(OstreeCommand parent) {
            super(parent);
        }

        static CommandSyntax<Refs> syntax() {
            return CommandSyntax.under("refs", "List refs, or delete them.", Refs::new)
                    .flag("--delete", "Delete the given refs.", c -> c.delete = true)
                    .value("--create", "NEWREF", "Create a new ref pointing to the given commit.", (c, v) -> c.create = v)
                    .parameters("PREFIX|REF|COMMIT", "", (c, v) -> c.args.add(v));
        }

        @Override
        int call() throws IOException {
            try (Repo repo = openRepo()) {
                if (delete) {
                    if (args.isEmpty()) {
                        throw new UsageException("--delete needs at least one REF");
                    }
                    for (String r : args) {
                        if (!repo.deleteRef(RefName.parse(r))) {
                            throw new io.bootc4j.ostree.RefNotFoundException(r, "no such ref to delete");
                        }
                    }
                    return 0;
                }
                if (create != null) {
                    if (args.size() != 1) {
                        throw new UsageException("--create needs exactly one COMMIT");
                    }
                    Checksum c = repo.resolveRev(args.get(0));
                    try (var tx = repo.newTransaction()) {
                        tx.setRef(create, c);
                        tx.complete();
                    }
                    return 0;
                }
                String prefix = args.isEmpty() ? null : args.get(0);
                for (Map.Entry<RefName, Checksum> e : repo.listRefs().entrySet()) {
                    if (e.getKey().kind() == RefName.Kind.MIRROR) {
                        continue; // ostree lists these only with --collections
                    }
                    String name = e.getKey().toString();
                    if (prefix == null || name.startsWith(prefix)) {
                        out().println(name);
                    }
                }
            }
            return 0;
        }
    }

    static final class Fsck extends Sub {
        boolean quiet;

        Fsck(OstreeCommand parent) {
            super(parent);
        }

        static CommandSyntax<Fsck> syntax() {
            return CommandSyntax.under("fsck", "Check the repository for consistency.", Fsck::new)
                    .flag("-q, --quiet", "Only print errors.", c -> c.quiet = true);
        }

        @Override
        int call() throws IOException {
            try (Repo repo = openRepo()) {
                FsckResult r = repo.fsck();
                if (!quiet) {
                    out().println("Validating refs...");
                    out().println("Verifying content integrity of " + r.commitsWalked() + " commit objects...");
                    out().println("Checked " + r.objectsChecked() + " objects");
                }
                for (FsckResult.Problem p : r.problems()) {
                    err().println(p);
                }
                if (!r.isClean()) {
                    throw new FsckFailedException(r.problems().size(), repoPath());
                }
            }
            return 0;
        }
    }

    /** fsck found problems (listed on stderr before this is thrown). */
    static final class FsckFailedException extends IOException {
        FsckFailedException(int count, Path repo) {
            super(repo + ": fsck found " + count + " corrupt or missing object" + (count == 1 ? "" : "s"));
        }
    }

    static final class Prune extends Sub {
        boolean refsOnly;
        int depth = -1;
        boolean noPrune;

        Prune(OstreeCommand parent) {
            super(parent);
        }

        static CommandSyntax<Prune> syntax() {
            return CommandSyntax.under("prune", "Search for unreachable objects and delete them.", Prune::new)
                    .flag("--refs-only", "Only compute reachability via refs.", c -> c.refsOnly = true)
                    .intValue("--depth", "DEPTH", "Only traverse DEPTH parents for each commit (default: -1=infinite).",
                            (c, v) -> c.depth = v)
                    .flag("--no-prune", "Only display unreachable objects; don't delete.", c -> c.noPrune = true);
        }

        @Override
        int call() throws IOException {
            try (Repo repo = openRepo()) {
                PruneResult r = repo.prune(new PruneOptions(refsOnly, depth, noPrune));
                out().println("Total objects: " + r.objectsTotal());
                if (r.objectsPruned() == 0) {
                    out().println("No unreachable objects");
                } else {
                    out().println((noPrune ? "Would delete " : "Deleted ") + r.objectsPruned() + " objects, "
                            + formatSize(r.bytesFreed()) + " freed");
                }
            }
            return 0;
        }
    }

    /** GLib's {@code g_format_size}: decimal units with one decimal. */
    static String formatSize(long bytes) {
        if (bytes < 1000) {
            return bytes + " bytes";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int i = -1;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
