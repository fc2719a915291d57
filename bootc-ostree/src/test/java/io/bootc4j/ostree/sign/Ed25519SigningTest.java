package io.bootc4j.ostree.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.Commit;
import io.bootc4j.ostree.Metadata;
import io.bootc4j.ostree.ObjectFormatException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ed25519SigningTest {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8032 section 7.1, TEST 1 and TEST 2. */
    @Test
    void signaturesMatchRfc8032TestVectors() {
        Ed25519SecretKey k1 = Ed25519SecretKey.fromBytes(
                HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertThat(HEX.formatHex(k1.publicKey().bytes()))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        assertThat(HEX.formatHex(new Ed25519CommitSigner(k1).sign(new byte[0]))).isEqualTo(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        Ed25519SecretKey k2 = Ed25519SecretKey.fromBytes(
                HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
        assertThat(HEX.formatHex(new Ed25519CommitSigner(k2).sign(new byte[] {0x72}))).isEqualTo(
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    }

    @Test
    void secretKeyTextIsLibsodiumSeedPlusPublicAndRoundTrips() {
        Ed25519SecretKey k = Ed25519SecretKey.generate(new SecureRandom());
        byte[] raw = k.bytes();
        assertThat(raw).hasSize(64);
        assertThat(java.util.Arrays.copyOfRange(raw, 32, 64)).isEqualTo(k.publicKey().bytes());
        assertThat(Ed25519SecretKey.parse(k.toBase64()).publicKey()).isEqualTo(k.publicKey());
        assertThat(k.toString()).doesNotContain(k.toBase64());
        raw[40] ^= 1;
        assertThatThrownBy(() -> Ed25519SecretKey.fromBytes(raw)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match");
        assertThat(Ed25519PublicKey.parse(k.publicKey().toString())).isEqualTo(k.publicKey());
        assertThatThrownBy(() -> Ed25519PublicKey.parse("AAAA")).hasMessageContaining("\"AAAA\"");
    }

    @Test
    void keyFilesHoldOneBase64KeyPerLine() {
        Ed25519PublicKey a = Ed25519SecretKey.generate(new SecureRandom()).publicKey();
        Ed25519PublicKey b = Ed25519SecretKey.generate(new SecureRandom()).publicKey();
        assertThat(Ed25519PublicKey.parseKeyFile("# trusted\n" + a + "\n\n" + b + "\n")).containsExactly(a, b);
        assertThatThrownBy(() -> Ed25519PublicKey.parseKeyFile(a + "\nnope\n")).hasMessageContaining("line 2");
    }

    @Test
    void jdkEd25519AcceptsOurCommitSignature() throws Exception {
        Ed25519SecretKey key = Ed25519SecretKey.generate(new SecureRandom());
        byte[] commit = sampleCommit().serialize();
        byte[] sig = new Ed25519CommitSigner(key).sign(commit);
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(jdkPublicKey(key.publicKey()));
        jdk.update(commit);
        assertThat(jdk.verify(sig)).isTrue();
    }

    @Test
    void signedCommitVerifiesThroughItsSerializedDetachedMetadata() throws ObjectFormatException {
        Ed25519SecretKey key = Ed25519SecretKey.fromBytes(
                Checksum.sha256("bootc4j ed25519 test key".getBytes(StandardCharsets.UTF_8)).bytes());
        Ed25519SecretKey other = Ed25519SecretKey.generate(new SecureRandom());
        byte[] commit = sampleCommit().serialize();
        Metadata detached = new Ed25519CommitSigner(other).addSignature(Metadata.EMPTY, commit);
        detached = new Ed25519CommitSigner(key).addSignature(detached, commit);
        Metadata stored = Metadata.parse(detached.serialize());
        assertThat(stored.getByteStrings("ostree.sign.ed25519").orElseThrow()).hasSize(2);

        SignatureVerdict ok = Ed25519CommitVerifier.trusting(List.of(key.publicKey())).verify(commit, stored);
        assertThat(ok.accepted()).isTrue();
        assertThat(ok.good()).extracting(SignatureVerdict.GoodSignature::keyId).containsExactly(key.publicKey().toString());
        assertThat(ok.problems()).hasSize(1).first().asString().contains("signature 0");

        byte[] tampered = commit.clone();
        tampered[tampered.length - 1] ^= 1;
        SignatureVerdict bad = Ed25519CommitVerifier.trusting(List.of(key.publicKey())).verify(tampered, stored);
        assertThat(bad.accepted()).isFalse();
        assertThatThrownBy(() -> bad.requireAccepted("commit X")).isInstanceOf(SignatureRejectedException.class)
                .hasMessageStartingWith("commit X: no valid signature");

        SignatureVerdict revoked = Ed25519CommitVerifier.trusting(List.of(key.publicKey()), List.of(key.publicKey()))
                .verify(commit, stored);
        assertThat(revoked.accepted()).isFalse();
        assertThat(revoked.problems()).anyMatch(p -> p.contains("revoked"));
    }

    @Test
    void missingOrMistypedSignaturesAreRejectedVerdictsNotExceptions() {
        Ed25519PublicKey k = Ed25519SecretKey.generate(new SecureRandom()).publicKey();
        Ed25519CommitVerifier v = Ed25519CommitVerifier.trusting(List.of(k));
        assertThat(v.verify(new byte[1], Metadata.EMPTY).problems()).singleElement().asString().contains("no ostree.sign.ed25519");
        Metadata wrongType = Metadata.builder().putString("ostree.sign.ed25519", "x").build();
        assertThat(v.verify(new byte[1], wrongType).problems()).singleElement().asString().contains("not aay");
        Metadata shortSig = Metadata.builder().putByteStrings("ostree.sign.ed25519", List.of(new byte[10])).build();
        assertThat(v.verify(new byte[1], shortSig).problems()).singleElement().asString().contains("10 bytes");
    }

    static Commit sampleCommit() {
        return Commit.builder().subject("signed").timestamp(1_700_000_000L)
                .metadata(Metadata.builder().putStrings("ostree.ref-binding", List.of("signed/ref")).build())
                .rootTree(Checksum.sha256(new byte[] {0})).rootMeta(Checksum.sha256(new byte[] {1})).build();
    }

    private static PublicKey jdkPublicKey(Ed25519PublicKey key) throws Exception {
        byte[] le = key.bytes();
        boolean xOdd = (le[31] & 0x80) != 0;
        le[31] &= 0x7f;
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = le[31 - i];
        }
        return KeyFactory.getInstance("Ed25519").generatePublic(
                new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, be))));
    }
}
