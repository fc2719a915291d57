package io.bootc4j.ostree.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.Commit;
import io.bootc4j.ostree.Metadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A hand-made fixture (see ed25519-fixture/README): an ostree-written commit, a .commitmeta
 * serialized by hand and signed by an independent Ed25519 implementation (python3-cryptography).
 */
class Ed25519FixtureTest {

    private static final String COMMIT = "decccf35e778e278b9b3e11778ce27e6c8a2f9f79017d4ec75ef916aa182ec6d";

    private static byte[] resource(String name) {
        try (InputStream in = Ed25519FixtureTest.class.getResourceAsStream("ed25519-fixture/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource ed25519-fixture/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void independentlySignedCommitVerifiesWithTheTrustedKeyFile() throws Exception {
        byte[] commit = resource(COMMIT + ".commit");
        assertThat(Commit.parse(commit).checksum()).hasToString(COMMIT);
        byte[] commitmeta = resource(COMMIT + ".commitmeta");
        Metadata detached = Metadata.parse(commitmeta);
        assertThat(detached.serialize()).isEqualTo(commitmeta);
        List<Ed25519PublicKey> trusted = Ed25519PublicKey.parseKeyFile(
                new String(resource("trusted.ed25519"), StandardCharsets.US_ASCII));
        SignatureVerdict verdict = Ed25519CommitVerifier.trusting(trusted).verify(commit, detached);
        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.good()).singleElement().extracting(SignatureVerdict.GoodSignature::keyId)
                .isEqualTo(trusted.get(0).toString());
    }

    @Test
    void ourSignatureWithTheFixtureSecretKeyIsByteIdenticalToTheIndependentOne() throws Exception {
        Ed25519SecretKey key = Ed25519SecretKey.parse(new String(resource("secret.ed25519"), StandardCharsets.US_ASCII));
        assertThat(List.of(key.publicKey())).isEqualTo(Ed25519PublicKey.parseKeyFile(
                new String(resource("trusted.ed25519"), StandardCharsets.US_ASCII)));
        byte[] commit = resource(COMMIT + ".commit");
        Metadata ours = new Ed25519CommitSigner(key).addSignature(Metadata.EMPTY, commit);
        assertThat(ours.serialize()).isEqualTo(resource(COMMIT + ".commitmeta"));
        Metadata tamperedTarget = Metadata.parse(resource(COMMIT + ".commitmeta"));
        byte[] other = Checksum.sha256(commit).bytes();
        assertThat(Ed25519CommitVerifier.trusting(List.of(key.publicKey())).verify(other, tamperedTarget).accepted())
                .isFalse();
    }
}
