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
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code bootc4j ostree …}: the {@code ostree} command line over {@link Repo}, with ostree's option
 * names and output shapes so one script can drive either tool. {@code --repo} is accepted before
 * and after the subcommand ({@code ostree} itself wants it after). Without it, {@code $OSTREE_REPO}
 * and then {@code /ostree/repo} are used, as ostree does.
 */
@Command(name = "ostree", mixinStandardHelpOptions = true,
        description = "Manage an OSTree repository (byte-compatible with ostree 2022.7).")
public final class OstreeCommand implements Runnable {

    @Option(names = "--repo", paramLabel = "PATH", description = "Path to the OSTree repository.")
    Path repo;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing ostree subcommand");
    }

    /** The {@code --repo} option of a subcommand; falls back to the parent's, then ostree's default. */
    static final class RepoOption {
        @Option(names = "--repo", paramLabel = "PATH", description = "Path to the OSTree repository.")
        Path repo;

        Path resolve(OstreeCommand parent) {
            if (repo != null) {
                return repo;
            }
            if (parent != null && parent.repo != null) {
                return parent.repo;
            }
            String env = System.getenv("OSTREE_REPO");
            return Path.of(env != null && !env.isBlank() ? env : "/ostree/repo");
        }
    }

    /** Base of the subcommands: the repo option and output. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        OstreeCommand parent;

        @Mixin
        RepoOption repoOption;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Path repoPath() {
            return repoOption.resolve(parent);
        }

        Repo openRepo() throws IOException {
            return Repo.open(repoPath());
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "init", description = "Initialize a new empty repository.")
    static final class Init extends Sub {
        @Option(names = "--mode", defaultValue = "bare", paramLabel = "MODE",
                description = "bare, bare-user, bare-user-only or archive (archive-z2). Default: bare.")
        String mode;

        @Override
        public Integer call() throws IOException {
            RepoMode m = RepoMode.tryParse(mode).orElseThrow(() -> new CommandLine.ParameterException(
                    spec.commandLine(), "Invalid mode '" + mode + "' in repository configuration"));
            Repo.create(repoPath(), m).close();
            return 0;
        }
    }

    @Command(name = "rev-parse", description = "Output the target of a rev.")
    static final class RevParse extends Sub {
        @Parameters(paramLabel = "REV")
        String rev;

        @Override
        public Integer call() throws IOException {
            try (Repo repo = openRepo()) {
                out().println(repo.resolveRev(rev));
            }
            return 0;
        }
    }

    @Command(name = "refs", description = "List refs, or delete them.")
    static final class Refs extends Sub {
        @Option(names = "--delete", description = "Delete the given refs.")
        boolean delete;

        @Option(names = "--create", paramLabel = "NEWREF", description = "Create a new ref pointing to the given commit.")
        String create;

        @Parameters(paramLabel = "PREFIX|REF|COMMIT", arity = "0..*")
        java.util.List<String> args = new java.util.ArrayList<>();

        @Override
        public Integer call() throws IOException {
            try (Repo repo = openRepo()) {
                if (delete) {
                    if (args.isEmpty()) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "--delete needs at least one REF");
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
                        throw new CommandLine.ParameterException(spec.commandLine(), "--create needs exactly one COMMIT");
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

    @Command(name = "fsck", description = "Check the repository for consistency.")
    static final class Fsck extends Sub {
        @Option(names = {"-q", "--quiet"}, description = "Only print errors.")
        boolean quiet;

        @Override
        public Integer call() throws IOException {
            try (Repo repo = openRepo()) {
                FsckResult r = repo.fsck();
                if (!quiet) {
                    out().println("Validating refs...");
                    out().println("Verifying content integrity of " + r.commitsWalked() + " commit objects...");
                    out().println("Checked " + r.objectsChecked() + " objects");
                }
                for (FsckResult.Problem p : r.problems()) {
                    spec.commandLine().getErr().println(p);
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

    @Command(name = "prune", description = "Search for unreachable objects and delete them.")
    static final class Prune extends Sub {
        @Option(names = "--refs-only", description = "Only compute reachability via refs.")
        boolean refsOnly;

        @Option(names = "--depth", defaultValue = "-1", paramLabel = "DEPTH",
                description = "Only traverse DEPTH parents for each commit (default: -1=infinite).")
        int depth;

        @Option(names = "--no-prune", description = "Only display unreachable objects; don't delete.")
        boolean noPrune;

        @Override
        public Integer call() throws IOException {
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
