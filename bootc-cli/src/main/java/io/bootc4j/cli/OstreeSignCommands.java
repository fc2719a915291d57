package io.bootc4j.cli;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.DetachedMetadataFile;
import io.bootc4j.ostree.Metadata;
import io.bootc4j.ostree.ObjectName;
import io.bootc4j.ostree.ObjectType;
import io.bootc4j.ostree.RefName;
import io.bootc4j.ostree.Repo;
import io.bootc4j.ostree.Summary;
import io.bootc4j.ostree.sign.Ed25519CommitSigner;
import io.bootc4j.ostree.sign.Ed25519CommitVerifier;
import io.bootc4j.ostree.sign.Ed25519PublicKey;
import io.bootc4j.ostree.sign.Ed25519SecretKey;
import io.bootc4j.ostree.sign.SignatureVerdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code bootc4j ostree sign} and {@code bootc4j ostree summary}, with ostree's option names. */
final class OstreeSignCommands {

    private OstreeSignCommands() {}

    /**
     * {@code sign COMMIT KEY…}: adds ed25519 signatures to the commit's detached metadata (the
     * keys are base64 secret keys, as {@code ostree sign} takes them), or with {@code --verify}
     * checks them against base64 public keys and fails unless one verifies.
     */
    static final class Sign extends OstreeCommand.Sub {
        String signType = "ed25519";
        boolean verify;
        Path keysFile;
        String rev;
        final List<String> keys = new ArrayList<>();

        Sign(OstreeCommand parent) {
            super(parent);
        }

        static CommandSyntax<Sign> syntax() {
            return CommandSyntax.under("sign", "Sign a commit (ed25519), or verify its signatures.", Sign::new)
                    .value("-s, --sign-type", "NAME", "Signature type; only ed25519 is supported.", (c, v) -> c.signType = v)
                    .flag("-v, --verify", "Verify the commit's signatures instead of signing.", c -> c.verify = true)
                    .pathValue("--keys-file", "FILE", "Read keys (base64, one per line) from FILE.", (c, v) -> c.keysFile = v)
                    .parameter("COMMIT", "", (c, v) -> c.rev = v)
                    .parameters("KEY", "", (c, v) -> c.keys.add(v));
        }

        @Override
        int call() throws IOException {
            if (!"ed25519".equals(signType)) {
                throw new UsageException("Requested signature type is not implemented: '" + signType + "'");
            }
            List<String> keyTexts = new ArrayList<>(keys);
            if (keysFile != null) {
                for (String line : Files.readAllLines(keysFile)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        keyTexts.add(line.strip());
                    }
                }
            }
            if (keyTexts.isEmpty()) {
                throw new UsageException("No keys given (KEY arguments or --keys-file)");
            }
            try (Repo repo = openRepo()) {
                Checksum commit = repo.resolveRev(rev);
                byte[] commitBytes = repo.readMetadataBytes(new ObjectName(commit, ObjectType.COMMIT));
                Metadata detached = repo.readDetachedMetadata(commit).orElse(Metadata.EMPTY);
                if (verify) {
                    List<Ed25519PublicKey> trusted = keyTexts.stream().map(Ed25519PublicKey::parse).toList();
                    SignatureVerdict verdict = Ed25519CommitVerifier.trusting(trusted).verify(commitBytes, detached);
                    verdict.requireAccepted("commit " + commit);
                    for (SignatureVerdict.GoodSignature good : verdict.good()) {
                        out().println("Signature verified successfully with key '" + good.keyId() + "'");
                    }
                    return 0;
                }
                for (String text : keyTexts) {
                    detached = new Ed25519CommitSigner(Ed25519SecretKey.parse(text)).addSignature(detached, commitBytes);
                }
                DetachedMetadataFile.write(repoPath(), commit, detached);
            }
            return 0;
        }
    }

    /**
     * {@code summary -u} regenerates the {@code summary} file from the branches under
     * {@code refs/heads} (as ostree does, without remote or mirror refs); {@code --view} prints it.
     */
    static final class SummaryCmd extends OstreeCommand.Sub {
        boolean update;
        boolean view;

        SummaryCmd(OstreeCommand parent) {
            super(parent);
        }

        static CommandSyntax<SummaryCmd> syntax() {
            return CommandSyntax.under("summary", "Update or view the repository summary file.", SummaryCmd::new)
                    .flag("-u, --update", "Regenerate the summary file.", c -> c.update = true)
                    .flag("-v, --view", "Print the summary file.", c -> c.view = true);
        }

        @Override
        int call() throws IOException {
            if (update == view) {
                throw new UsageException("Exactly one of --update or --view is required");
            }
            Path summaryFile = repoPath().resolve("summary");
            if (update) {
                try (Repo repo = openRepo()) {
                    Summary.Builder b = Summary.builder();
                    for (Map.Entry<RefName, Checksum> e : repo.listRefs().entrySet()) {
                        if (e.getKey().kind() == RefName.Kind.HEADS) {
                            b.addRef(e.getKey().toString(), repo.readCommit(e.getValue()));
                        }
                    }
                    boolean tombstones = repo.config().get("core", "tombstone-commits").map(Boolean::parseBoolean).orElse(false);
                    b.metadata(Summary.standardMetadata(repo.mode().configName(), Instant.now().getEpochSecond(), tombstones));
                    Path tmp = Files.createTempFile(repoPath().resolve("tmp"), "summary-", ".tmp");
                    try {
                        Files.write(tmp, b.build().serialize());
                        Files.move(tmp, summaryFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                }
                return 0;
            }
            if (!Files.exists(summaryFile)) {
                throw new java.nio.file.NoSuchFileException(summaryFile.toString(), null, "no summary file; run summary -u");
            }
            Summary summary = Summary.parse(Files.readAllBytes(summaryFile));
            for (Summary.Ref ref : summary.refs()) {
                out().println("* " + ref.name());
                out().println("    Latest Commit (" + ref.commitSize() + " bytes):");
                out().println("      " + ref.commit());
                ref.metadata().getString(Summary.COMMIT_VERSION)
                        .ifPresent(v -> out().println("    Version (" + Summary.COMMIT_VERSION + "): " + v));
                ref.timestamp().ifPresent(t -> out().println(
                        "    Timestamp (" + Summary.COMMIT_TIMESTAMP + "): " + Instant.ofEpochSecond(t)));
                out().println();
            }
            summary.metadata().getString(Summary.MODE)
                    .ifPresent(m -> out().println("Repository Mode (" + Summary.MODE + "): " + m));
            summary.metadata().getU64BigEndian(Summary.LAST_MODIFIED).ifPresent(t -> out().println(
                    "Last-Modified (" + Summary.LAST_MODIFIED + "): " + Instant.ofEpochSecond(t)));
            return 0;
        }
    }
}
