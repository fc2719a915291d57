package io.bootc4j.ostree.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.DetachedMetadataFile;
import io.bootc4j.ostree.Metadata;
import io.bootc4j.ostree.ObjectName;
import io.bootc4j.ostree.ObjectType;
import io.bootc4j.testing.Gpg;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our OpenPGP commit signatures, checked by ostree (GPGME) itself. */
@Interop({"ostree", "gpg"})
class GpgSigningInteropTest {

    @TempDir
    Path tmp;

    @Test
    void ostreeShowReportsAGoodSignatureForCommitsWeSign() throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(tree.resolve("f"), "content");
        OstreeCli ostree = new OstreeCli(tmp.resolve("repo")).init("archive");
        ostree.run("commit", "-b", "main", tree.toString()).assertSuccess();
        Checksum commit = Checksum.parse(ostree.run("rev-parse", "main").assertSuccess().stdout().strip());
        byte[] commitBytes = Files.readAllBytes(ostree.repo().resolve(
                new ObjectName(commit, ObjectType.COMMIT).looseRelativePath(true)));
        try (Gpg gpg = Gpg.create()) {
            String rsa = gpg.generateKey("Java Signer", "java@example.com");
            String ed = gpg.generateKey("Java Ed Signer", "ed@example.com", Gpg.KeyType.ED25519);
            GpgCommitSigner rsaSigner = GpgCommitSigner.fromSecretKeyring(gpg.exportSecretKey(rsa), Optional.of(rsa), null);
            GpgCommitSigner edSigner = GpgCommitSigner.fromSecretKeyring(gpg.exportSecretKey(ed), Optional.empty(), null);
            assertThat(rsaSigner.fingerprint()).isEqualTo(rsa);
            assertThat(edSigner.fingerprint()).isEqualTo(ed);
            Metadata detached = edSigner.addSignature(rsaSigner.addSignature(Metadata.EMPTY, commitBytes), commitBytes);
            DetachedMetadataFile.write(ostree.repo(), commit, detached);

            // ostree's verifier loads every *.gpg keyring file of --gpg-homedir (not gpg's keybox)
            Path keys = Files.createDirectories(tmp.resolve("keys"));
            Files.write(keys.resolve("trusted.gpg"), gpg.exportPublicKey(rsa));
            Files.write(keys.resolve("trusted-ed.gpg"), gpg.exportPublicKey(ed));
            String shown = ostree.run("show", "--gpg-homedir=" + keys, commit.toString()).assertSuccess().stdout();
            assertThat(shown).contains("Found 2 signatures").containsPattern("Good signature from \"Java Signer")
                    .containsPattern("Good signature from \"Java Ed Signer");
            SignatureVerdict verdict = GpgCommitVerifier.fromKeyring(gpg.exportPublicKey(rsa)).verify(commitBytes, detached);
            assertThat(verdict.good()).extracting(SignatureVerdict.GoodSignature::keyId).containsExactly(rsa);

            assertThatThrownBy(() -> GpgCommitSigner.fromSecretKeyring(gpg.exportSecretKey(rsa),
                    Optional.of("0123456789ABCDEF"), null)).isInstanceOf(InvalidKeyringException.class)
                    .hasMessageContaining("\"0123456789ABCDEF\"");
            assertThatThrownBy(() -> GpgCommitSigner.fromSecretKeyring(gpg.exportPublicKey(rsa), Optional.empty(), null))
                    .isInstanceOf(InvalidKeyringException.class);
        }
    }
}
