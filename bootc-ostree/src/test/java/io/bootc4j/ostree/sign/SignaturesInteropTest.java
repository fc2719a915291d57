package io.bootc4j.ostree.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.Commit;
import io.bootc4j.ostree.Metadata;
import io.bootc4j.ostree.ObjectName;
import io.bootc4j.ostree.ObjectType;
import io.bootc4j.testing.Gpg;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detached metadata and signatures exchanged with the real ostree (2022.7, GPGME, no ed25519). */
class SignaturesInteropTest {

    @TempDir
    Path tmp;

    private OstreeCli repoWithCommit() throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree/usr"));
        Files.writeString(tree.resolve("file"), "signed content\n");
        OstreeCli ostree = new OstreeCli(tmp.resolve("repo")).init("archive");
        ostree.run("commit", "-b", "signed", "-s", "to sign", tmp.resolve("tree").toString()).assertSuccess();
        return ostree;
    }

    private static Path object(OstreeCli ostree, Checksum c, ObjectType type) {
        return ostree.repo().resolve(new ObjectName(c, type).looseRelativePath(true));
    }

    @Test
    @Interop({"ostree", "gpg"})
    void ourVerifierAcceptsWhatOstreeGpgSignWritesAndRejectsTamperingAndStrangers() throws IOException {
        OstreeCli ostree = repoWithCommit();
        Checksum commit = Checksum.parse(ostree.run("rev-parse", "signed").assertSuccess().stdout().strip());
        try (Gpg gpg = Gpg.create(); Gpg stranger = Gpg.create()) {
            String fpr = gpg.generateKey("Commit Signer", "signer@example.com");
            String ed = gpg.generateKey("Ed Signer", "ed@example.com", Gpg.KeyType.ED25519);
            ostree.run("gpg-sign", "--gpg-homedir=" + gpg.home(), commit.toString(), fpr).assertSuccess();
            ostree.run("gpg-sign", "--gpg-homedir=" + gpg.home(), commit.toString(), ed).assertSuccess();

            byte[] commitBytes = Files.readAllBytes(object(ostree, commit, ObjectType.COMMIT));
            Metadata detached = Metadata.parse(Files.readAllBytes(object(ostree, commit, ObjectType.COMMIT_META)));
            assertThat(detached.getByteStrings(GpgCommitVerifier.METADATA_KEY).orElseThrow()).hasSize(2);

            byte[] keys = concat(gpg.exportPublicKey(fpr), gpg.exportPublicKey(ed));
            GpgCommitVerifier verifier = GpgCommitVerifier.fromKeyring(keys);
            assertThat(verifier.fingerprints()).containsExactlyInAnyOrder(fpr, ed);
            SignatureVerdict verdict = verifier.verify(commitBytes, detached);
            assertThat(verdict.accepted()).isTrue();
            assertThat(verdict.good()).extracting(SignatureVerdict.GoodSignature::keyId).containsExactly(fpr, ed);
            assertThat(verdict.good().get(0).created()).isPresent();

            GpgCommitVerifier armored = GpgCommitVerifier.fromKeyring(
                    gpg.exportPublicKeyArmored(fpr).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(armored.verify(commitBytes, detached).good()).hasSize(1);

            byte[] tampered = commitBytes.clone();
            tampered[20] ^= 1;
            SignatureVerdict bad = verifier.verify(tampered, detached);
            assertThat(bad.accepted()).isFalse();
            assertThat(bad.problems()).allMatch(p -> p.contains("does not match the signed data"));
            assertThatThrownBy(() -> bad.requireAccepted("commit " + commit))
                    .isInstanceOf(SignatureRejectedException.class).hasMessageContaining(commit.toString());

            String other = stranger.generateKey("Stranger", "stranger@example.com");
            SignatureVerdict unknown = GpgCommitVerifier.fromKeyring(stranger.exportPublicKey(other))
                    .verify(commitBytes, detached);
            assertThat(unknown.accepted()).isFalse();
            assertThat(unknown.problems()).hasSize(2).allMatch(p -> p.contains("not in the keyring"));
        }
    }

    @Test
    @Interop("gpg")
    void garbageKeyringsAndSignaturesGiveTypedFailures() {
        assertThatThrownBy(() -> GpgCommitVerifier.fromKeyring(new byte[] {1, 2, 3}))
                .isInstanceOf(InvalidKeyringException.class).hasMessageContaining("3 bytes");
        try (Gpg gpg = Gpg.create()) {
            String fpr = gpg.generateKey("K", "k@example.com");
            GpgCommitVerifier v = GpgCommitVerifier.fromKeyring(gpg.exportPublicKey(fpr));
            Metadata junk = Metadata.builder().putByteStrings(GpgCommitVerifier.METADATA_KEY,
                    List.of(new byte[] {(byte) 0x88, 5, 1, 2, 3}, new byte[0])).build();
            SignatureVerdict verdict = v.verify(new byte[] {1}, junk);
            assertThat(verdict.accepted()).isFalse();
            assertThat(verdict.problems()).hasSize(2);
            assertThat(v.verify(new byte[] {1}, Metadata.EMPTY).problems()).singleElement().asString()
                    .contains("no ostree.gpgsigs");
        } catch (InvalidKeyringException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Interop("ostree")
    void ostreeReadsTheEd25519DetachedMetadataWeWrite() throws IOException {
        OstreeCli ostree = repoWithCommit();
        Checksum commit = Checksum.parse(ostree.run("rev-parse", "signed").assertSuccess().stdout().strip());
        byte[] commitBytes = Files.readAllBytes(object(ostree, commit, ObjectType.COMMIT));
        assertThat(Commit.parse(commitBytes).checksum()).isEqualTo(commit);
        Ed25519SecretKey key = Ed25519SecretKey.generate(new SecureRandom());
        Metadata detached = new Ed25519CommitSigner(key).addSignature(
                Metadata.builder().putString("note", "kept").putByteStrings("escaped", List.of(ESCAPED)).build(),
                commitBytes);
        Files.write(object(ostree, commit, ObjectType.COMMIT_META), detached.serialize());

        String printed = ostree.run("show", "--print-detached-metadata-key=" + Ed25519CommitSigner.METADATA_KEY,
                commit.toString()).assertSuccess().stdout();
        byte[] sig = detached.getByteStrings(Ed25519CommitSigner.METADATA_KEY).orElseThrow().get(0);
        assertThat(printedSingleByteArray(printed)).isEqualTo(sig);
        assertThat(printedSingleByteArray(ostree.run("show", "--print-detached-metadata-key=escaped",
                commit.toString()).assertSuccess().stdout())).isEqualTo(ESCAPED);
        assertThat(ostree.run("show", "--print-detached-metadata-key=note", commit.toString()).assertSuccess()
                .stdout().strip()).isEqualTo("'kept'");
        ostree.run("fsck").assertSuccess();
        assertThat(Ed25519CommitVerifier.trusting(List.of(key.publicKey())).verify(commitBytes,
                Metadata.parse(Files.readAllBytes(object(ostree, commit, ObjectType.COMMIT_META)))).accepted()).isTrue();
        assertThat(HexFormat.of().formatHex(sig)).hasSize(128);
    }

    /** A byte string GLib prints in its escaped form: octal, backslash, newline, a quote, one final NUL. */
    private static final byte[] ESCAPED = {'V', 0x14, (byte) 0x82, '\\', '\n', '\'', '"', 0};

    /**
     * Reads back GLib's print of a one-element {@code aay}. A signature whose only zero byte is its last
     * (one in ~300) prints as an escaped byte string, {@code [b'V\\024...']}; any other as
     * {@code [[byte 0x56, 0x69, ...]]}.
     */
    static byte[] printedSingleByteArray(String printed) {
        String s = printed.strip();
        assertThat(s).startsWith("[").endsWith("]");
        s = s.substring(1, s.length() - 1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        if (s.startsWith("[byte ") && s.endsWith("]")) {
            for (String b : s.substring(6, s.length() - 1).split(", ")) {
                assertThat(b).matches("0x[0-9a-f]{2}");
                out.write(Integer.parseInt(b.substring(2), 16));
            }
            return out.toByteArray();
        }
        assertThat(s).matches("b'.*'|b\".*\"");
        for (int i = 2; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0b);
                case '\\', '"', '\'' -> out.write(e);
                default -> {
                    assertThat(s.substring(i, i + 3)).as("escape in %s", s).matches("[0-3][0-7]{2}");
                    out.write(Integer.parseInt(s.substring(i, i + 3), 8));
                    i += 2;
                }
            }
        }
        out.write(0);
        return out.toByteArray();
    }

    @Test
    void printedByteArraysReadBackInBothOfGlibsForms() {
        assertThat(printedSingleByteArray("[[byte 0x56, 0x00, 0xff]]\n")).containsExactly(0x56, 0, 0xff);
        assertThat(printedSingleByteArray("[b'V\\024\\202\\\\\\n\\\"']\n"))
                .containsExactly('V', 0x14, 0x82, '\\', '\n', '"', 0);
        assertThat(printedSingleByteArray("[b\"it's\"]")).containsExactly('i', 't', '\'', 's', 0);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
