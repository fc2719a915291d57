package io.bootc4j.ostree.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.ostree.Metadata;
import io.bootc4j.ostree.Summary;
import io.bootc4j.testing.Gpg;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summary.sig is the same detached-metadata dictionary as .commitmeta, over the summary file bytes. */
@Interop({"ostree", "gpg"})
class SummarySignatureInteropTest {

    @TempDir
    Path tmp;

    @Test
    void summarySignedByOstreeVerifiesAndItsParsedSummaryMatches() throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(tree.resolve("f"), "x");
        OstreeCli ostree = new OstreeCli(tmp.resolve("repo")).init("archive");
        ostree.run("commit", "-b", "stable", tree.toString()).assertSuccess();
        try (Gpg gpg = Gpg.create()) {
            String fpr = gpg.generateKey("Summary Signer", "summary@example.com");
            ostree.run("summary", "-u", "--gpg-sign=" + fpr, "--gpg-homedir=" + gpg.home()).assertSuccess();
            byte[] summary = Files.readAllBytes(ostree.repo().resolve("summary"));
            Metadata sig = Metadata.parse(Files.readAllBytes(ostree.repo().resolve("summary.sig")));
            GpgCommitVerifier verifier = GpgCommitVerifier.fromKeyring(gpg.exportPublicKey(fpr));
            assertThat(verifier.verify(summary, sig).accepted()).isTrue();
            assertThat(Summary.parse(summary).ref("stable")).isPresent();
            byte[] other = summary.clone();
            other[other.length - 1] ^= 1;
            assertThat(verifier.verify(other, sig).accepted()).isFalse();
        }
    }
}
