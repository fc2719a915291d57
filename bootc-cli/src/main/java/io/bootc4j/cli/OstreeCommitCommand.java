package io.bootc4j.cli;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.CommitSpec;
import io.bootc4j.ostree.RefName;
import io.bootc4j.ostree.Repo;
import io.bootc4j.ostree.RepoTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code bootc4j ostree commit}: same options as {@code ostree commit}. Like ostree, the new commit
 * gets the branch's current commit as parent unless {@code --parent} says otherwise, records
 * {@code ostree.ref-binding} = the branch unless {@code --no-bindings}, and prints the new commit
 * checksum as its last line.
 */
final class OstreeCommitCommand extends OstreeCommand.Sub {

    String branch;
    boolean orphan;
    final List<String> trees = new ArrayList<>();
    String subject = "";
    String body = "";
    String parent;
    String timestamp;
    boolean fsync = true;
    boolean canonicalPermissions;
    boolean noXattrs;
    final List<String> metadataStrings = new ArrayList<>();
    boolean bootable;
    boolean noBindings;
    final List<String> bindRefs = new ArrayList<>();

    OstreeCommitCommand(OstreeCommand parent) {
        super(parent);
    }

    static CommandSyntax<OstreeCommitCommand> syntax() {
        return CommandSyntax.under("commit", "Commit a new revision.", OstreeCommitCommand::new)
                .value("-b, --branch", "BRANCH", "Branch.", (c, v) -> c.branch = v)
                .flag("--orphan", "Create a commit without writing a ref.", c -> c.orphan = true)
                .value("--tree", "dir=PATH|tar=TARFILE", "Overlay the given argument as a tree.", (c, v) -> c.trees.add(v))
                .value("-s, --subject", "SUBJECT", "One line subject.", (c, v) -> c.subject = v)
                .value("-m, --body", "BODY", "Full description.", (c, v) -> c.body = v)
                .value("--parent", "COMMIT", "Parent commit checksum, or \"none\".", (c, v) -> c.parent = v)
                .value("--timestamp", "TIMESTAMP",
                        "Override the timestamp of the commit: ISO 8601, \"YYYY-MM-DD HH:MM:SS\" (UTC) or @EPOCH.",
                        (c, v) -> c.timestamp = v)
                .booleanValue("--fsync", "POLICY", "Specify how to invoke fsync(): true or false.", (c, v) -> c.fsync = v)
                .flag("--canonical-permissions", "Canonicalize permissions: uid/gid 0, no xattrs, modes 0755.",
                        c -> c.canonicalPermissions = true)
                .flag("--no-xattrs", "Do not import extended attributes.", c -> c.noXattrs = true)
                .value("--add-metadata-string", "KEY=VALUE", "Add a key/value pair to metadata.",
                        (c, v) -> c.metadataStrings.add(v))
                .flag("--bootable", "Flag this commit as a bootable OSTree (ostree.bootable, ostree.linux).",
                        c -> c.bootable = true)
                .flag("--no-bindings", "Do not write ostree.ref-binding metadata.", c -> c.noBindings = true)
                .value("--bind-ref", "REF", "Add a ref to ostree.ref-binding.", (c, v) -> c.bindRefs.add(v));
    }

    @Override
    int call() throws IOException {
        if (branch == null && !orphan) {
            throw new UsageException("A branch must be specified with --branch, or use --orphan");
        }
        if (trees.size() != 1) {
            throw new UsageException("exactly one --tree=dir=PATH or --tree=tar=FILE is supported, got " + trees.size());
        }
        String tree = trees.get(0);
        try (Repo repo = openRepo()) {
            Optional<Checksum> parentCommit = parentCommit(repo);
            Checksum commit;
            try (RepoTransaction tx = repo.newTransaction(fsync)) {
                if (tree.startsWith("dir=")) {
                    commit = tx.commit(spec(CommitSpec.fromDirectory(Path.of(tree.substring(4))), parentCommit));
                } else if (tree.startsWith("tar=")) {
                    try (InputStream in = Files.newInputStream(Path.of(tree.substring(4)))) {
                        commit = tx.commit(spec(CommitSpec.fromTar(in), parentCommit));
                    }
                } else {
                    throw new UsageException("Invalid tree type specification '" + tree + "' (expected dir=PATH or tar=FILE)");
                }
                if (branch != null) {
                    tx.setRef(RefName.parse(branch), commit);
                }
                tx.complete();
            }
            out().println(commit);
        }
        return 0;
    }

    private Optional<Checksum> parentCommit(Repo repo) throws IOException {
        if (parent != null) {
            return parent.equals("none") ? Optional.empty() : Optional.of(repo.resolveRev(parent));
        }
        return branch == null ? Optional.empty() : repo.readRef(RefName.parse(branch));
    }

    private CommitSpec spec(CommitSpec.Builder b, Optional<Checksum> parentCommit) {
        b.subject(subject).body(body).canonicalPermissions(canonicalPermissions).noXattrs(noXattrs).bootable(bootable);
        parentCommit.ifPresent(b::parent);
        if (timestamp != null) {
            b.timestamp(parseTimestamp(timestamp));
        }
        for (String kv : metadataStrings) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--add-metadata-string \"" + kv + "\": expected KEY=VALUE");
            }
            b.addMetadataString(kv.substring(0, eq), kv.substring(eq + 1));
        }
        if (!noBindings) {
            List<String> binds = new ArrayList<>(bindRefs);
            if (branch != null) {
                binds.add(branch);
            }
            b.refBindings(binds);
        }
        return b.build();
    }

    /** {@code @EPOCH}, an ISO 8601 instant or offset date-time, or a local date-time taken as UTC. */
    static Instant parseTimestamp(String s) {
        String t = s.strip();
        try {
            if (t.startsWith("@")) {
                return Instant.ofEpochSecond(Long.parseLong(t.substring(1)));
            }
            try {
                return OffsetDateTime.parse(t.replace(' ', 'T')).toInstant();
            } catch (DateTimeParseException e) {
                return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("Could not parse timestamp '" + s
                    + "' (expected @EPOCH, 2023-11-14T22:13:20Z or 2023-11-14 22:13:20)", e);
        }
    }
}
