package io.bootc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.Summary;
import io.bootc4j.ostree.sign.Ed25519SecretKey;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Interop("ostree")
class OstreeSignCommandsTest {

    @TempDir
    Path tmp;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path repoWithTwoBranches() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree/usr"));
        Files.writeString(tree.resolve("f"), "content\n");
        OstreeCli ostree = new OstreeCli(tmp.resolve("repo")).init("archive");
        ostree.run("commit", "-b", "os/stable", "-s", "one", "--timestamp=@1700000000", tmp.resolve("tree").toString())
                .assertSuccess();
        ostree.run("commit", "-b", "os/next", "-s", "two", "--add-metadata-string=version=2.0",
                "--timestamp=@1700000100", tmp.resolve("tree").toString()).assertSuccess();
        return ostree.repo();
    }

    @Test
    void signedCommitVerifiesWithItsPublicKeyOnlyAndTheRepoStaysValid() throws Exception {
        Path repo = repoWithTwoBranches();
        Ed25519SecretKey key = Ed25519SecretKey.generate(new SecureRandom());
        Ed25519SecretKey other = Ed25519SecretKey.generate(new SecureRandom());

        assertThat(run("ostree", "sign", "--repo=" + repo, "os/stable", key.toBase64())).as(err.toString()).isZero();
        assertThat(run("ostree", "sign", "--repo=" + repo, "--verify", "os/stable", key.publicKey().toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("Signature verified successfully");

        Path keys = Files.writeString(tmp.resolve("trusted"), other.publicKey() + "\n");
        assertThat(run("ostree", "sign", "--repo=" + repo, "--verify", "--keys-file=" + keys, "os/stable")).isNotZero();
        assertThat(err.toString()).startsWith("error: ");
        assertThat(run("ostree", "sign", "--repo=" + repo, "--verify", "os/next", key.publicKey().toString()))
                .as("an unsigned commit never verifies").isNotZero();

        new OstreeCli(repo).run("fsck").assertSuccess();
        String meta = new OstreeCli(repo).run("show", "--print-detached-metadata-key=ostree.sign.ed25519", "os/stable")
                .assertSuccess().stdout();
        assertThat(meta).as("ostree reads the signature we stored").startsWith("[");
    }

    @Test
    void signRefusesUnknownSignTypesAndMissingKeys() throws Exception {
        Path repo = repoWithTwoBranches();
        assertThat(run("ostree", "sign", "--repo=" + repo, "--sign-type=spki", "os/stable", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("spki");
        assertThat(run("ostree", "sign", "--repo=" + repo, "os/stable")).isEqualTo(2);
        assertThat(run("ostree", "sign", "--repo=" + repo, "os/stable", "not-base64!")).isNotZero();
        assertThat(err.toString()).contains("ed25519 secret key").as("a secret key is never echoed").doesNotContain("not-base64!");
    }

    @Test
    void summaryUpdateWritesWhatOstreeWritesApartFromTheTimeAndOstreeViewsIt() throws Exception {
        Path repo = repoWithTwoBranches();
        new OstreeCli(repo).run("summary", "-u").assertSuccess();
        Summary theirs = Summary.parse(Files.readAllBytes(repo.resolve("summary")));
        Files.delete(repo.resolve("summary"));

        assertThat(run("ostree", "summary", "--repo=" + repo, "-u")).as(err.toString()).isZero();
        Summary ours = Summary.parse(Files.readAllBytes(repo.resolve("summary")));
        assertThat(ours.refs()).isEqualTo(theirs.refs());
        long theirTime = theirs.metadata().getU64BigEndian(Summary.LAST_MODIFIED).orElseThrow();
        Summary oursAtTheirTime = Summary.builder().addRef(ours.refs().get(0)).addRef(ours.refs().get(1))
                .metadata(Summary.standardMetadata("archive-z2", theirTime, false)).build();
        assertThat(oursAtTheirTime.serialize()).isEqualTo(theirs.serialize());

        String view = new OstreeCli(repo).run("summary", "--view").assertSuccess().stdout();
        Checksum next = Checksum.parse(new OstreeCli(repo).run("rev-parse", "os/next").assertSuccess().stdout().strip());
        assertThat(view).contains("* os/next").contains(next.toString());
        assertThat(run("ostree", "summary", "--repo=" + repo, "--view")).isZero();
        assertThat(out.toString()).contains("* os/next").contains(next.toString()).contains("Version (ostree.commit.version): 2.0");
        assertThat(run("ostree", "summary", "--repo=" + repo)).isEqualTo(2);
    }
}
