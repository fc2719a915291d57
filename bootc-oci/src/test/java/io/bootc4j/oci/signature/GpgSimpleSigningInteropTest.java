package io.bootc4j.oci.signature;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.oci.Digest;
import io.bootc4j.oci.ImageSource;
import io.bootc4j.oci.ImageSources;
import io.bootc4j.testing.Gpg;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OciImages;
import io.bootc4j.testing.Skopeo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simple-signing signatures made by the real skopeo and gpg (throwaway GNUPGHOME), stored by the
 * dir: transport, verified by the policy evaluator.
 */
@Interop({"gpg", "skopeo"})
class GpgSimpleSigningInteropTest {

    static final String IDENTITY = "quay.io/acme/os:42";

    static Path work;
    static Gpg gpg;
    static String fpr;
    static Path publicKey;
    static Path otherPublicKey;
    static Path signedImage;

    @TempDir
    Path tmp;

    @BeforeAll
    static void signAnImageWithSkopeo() throws IOException {
        work = Files.createTempDirectory("bootc4j-gpg-interop-");
        gpg = Gpg.create();
        fpr = gpg.generateKey("Image Signer", "signer@example.com");
        String other = gpg.generateKey("Someone Else", "other@example.com");
        publicKey = Files.write(work.resolve("signer.gpg"), gpg.exportPublicKey(fpr));
        otherPublicKey = Files.writeString(work.resolve("other.asc"), gpg.exportPublicKeyArmored(other));
        Path rootfs = Files.createDirectories(work.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("os-release"), "ID=signed\n");
        Path layout = work.resolve("layout");
        OciImages.fromDirectory(work.resolve("rootfs"), layout, "v1");
        signedImage = work.resolve("signed");
        new Skopeo().withEnv(gpg.env())
                .copy("oci:" + layout + ":v1", "dir:" + signedImage, "--sign-by", fpr, "--sign-identity", IDENTITY)
                .assertSuccess();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (gpg != null) {
            gpg.close();
        }
        if (work != null) {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static String signedByPolicy(Path key, String identityJson) {
        return "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"dir\":{\"\":[{\"type\":\"signedBy\","
                + "\"keyType\":\"GPGKeys\",\"keyPath\":\"" + key + "\",\"signedIdentity\":" + identityJson + "}]}}}";
    }

    static String exactReference(String ref) {
        return "{\"type\":\"exactReference\",\"dockerReference\":\"" + ref + "\"}";
    }

    Path copyOfSignedImage() throws IOException {
        Path dir = tmp.resolve("image");
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(signedImage)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        return dir;
    }

    static PolicyVerdict evaluate(Path image, String policyJson) throws IOException {
        return evaluate(image, policyJson, Clock.systemUTC());
    }

    static PolicyVerdict evaluate(Path image, String policyJson, Clock clock) throws IOException {
        SignaturePolicy policy = SignaturePolicy.parse(policyJson.getBytes(StandardCharsets.UTF_8), "policy.json");
        try (ImageSource src = ImageSources.open("dir:" + image)) {
            return PolicyEvaluator.builder(policy).clock(clock).build().evaluate(src);
        }
    }

    static String rejection(PolicyVerdict v) {
        assertThat(v.accepted()).as("verdict %s", v).isFalse();
        return v.firstRejection().orElseThrow().reason();
    }

    @Test
    void skopeoSignatureIsAcceptedWithTheSignersKey() throws IOException {
        PolicyVerdict v = evaluate(signedImage, signedByPolicy(publicKey, exactReference(IDENTITY)));
        assertThat(v.accepted()).as(v.toJson()).isTrue();
        SignatureOutcome sig = v.requirements().get(0).signatures().get(0);
        assertThat(sig.signer()).contains(fpr);
        assertThat(sig.signedIdentity()).contains(IDENTITY);
        assertThat(v.manifestDigest()).contains(Digest.sha256(Files.readAllBytes(signedImage.resolve("manifest.json"))));
        assertThat(v.toJson()).contains("\"accepted\" : true").contains(fpr);
    }

    @Test
    void exactRepositoryAcceptsAnyTagOfTheSignedRepositoryWithAnArmoredKey() throws IOException {
        Path armored = Files.writeString(tmp.resolve("signer.asc"), gpg.exportPublicKeyArmored(fpr));
        PolicyVerdict v = evaluate(signedImage, signedByPolicy(armored,
                "{\"type\":\"exactRepository\",\"dockerRepository\":\"quay.io/acme/os\"}"));
        assertThat(v.accepted()).isTrue();
    }

    @Test
    void inlineKeyDataAndKeyPathsWithSeveralKeyringsAreAccepted() throws IOException {
        String data = java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(publicKey));
        String inline = "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyData\":\"" + data
                + "\",\"signedIdentity\":" + exactReference(IDENTITY) + "}]}";
        assertThat(evaluate(signedImage, inline).accepted()).isTrue();
        String paths = "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPaths\":[\"" + otherPublicKey
                + "\",\"" + publicKey + "\"],\"signedIdentity\":" + exactReference(IDENTITY) + "}]}";
        assertThat(evaluate(signedImage, paths).accepted()).isTrue();
    }

    @Test
    void unimplementedKeyTypeAndMissingKeyFileRejectWithTheReason() throws IOException {
        assertThat(rejection(evaluate(signedImage, signedByPolicy(publicKey, exactReference(IDENTITY))
                .replace("GPGKeys", "X509Certificates")))).contains("keyType X509Certificates is not implemented");
        assertThat(rejection(evaluate(signedImage, signedByPolicy(tmp.resolve("missing.gpg"), exactReference(IDENTITY)))))
                .contains("cannot read keyPath " + tmp.resolve("missing.gpg"));
    }

    @Test
    void signatureByAnotherKeyIsRejected() throws IOException {
        assertThat(rejection(evaluate(signedImage, signedByPolicy(otherPublicKey, exactReference(IDENTITY)))))
                .contains("signed by unknown key");
    }

    @Test
    void tamperedSignatureBytesAreRejected() throws IOException {
        Path image = copyOfSignedImage();
        byte[] sig = Files.readAllBytes(image.resolve("signature-1"));
        sig[sig.length / 2] ^= 0x40;
        Files.write(image.resolve("signature-1"), sig);
        assertThat(rejection(evaluate(image, signedByPolicy(publicKey, exactReference(IDENTITY)))))
                .containsAnyOf("not a valid OpenPGP signed message", "BADSIG", "not a signed message");
    }

    @Test
    void tamperedPayloadInAnUncompressedMessageIsABadSignature() throws IOException {
        Path image = copyOfSignedImage();
        Digest manifest = Digest.sha256(Files.readAllBytes(image.resolve("manifest.json")));
        byte[] sig = gpgSign(payload(manifest, IDENTITY), "-z", "0", "--local-user", fpr);
        String text = new String(sig, StandardCharsets.ISO_8859_1).replace("acme/os:42", "acme/os:43");
        Files.write(image.resolve("signature-1"), text.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(rejection(evaluate(image, signedByPolicy(publicKey, exactReference(IDENTITY))))).contains("BADSIG");
    }

    @Test
    void manifestChangedAfterSigningIsRejected() throws IOException {
        Path image = copyOfSignedImage();
        Files.writeString(image.resolve("manifest.json"), Files.readString(image.resolve("manifest.json")) + "\n");
        assertThat(rejection(evaluate(image, signedByPolicy(publicKey, exactReference(IDENTITY)))))
                .contains("signature is for manifest sha256:").contains("but the image's manifest is");
    }

    @Test
    void signatureForAnotherIdentityIsRejected() throws IOException {
        assertThat(rejection(evaluate(signedImage, signedByPolicy(publicKey, exactReference("quay.io/acme/os:43")))))
                .contains("signature for identity \"quay.io/acme/os:42\" is not accepted by signedIdentity exactReference quay.io/acme/os:43");
    }

    @Test
    void matchRepoDigestOrExactCannotMatchATransportWithoutDockerReference() throws IOException {
        assertThat(rejection(evaluate(signedImage, signedByPolicy(publicKey, "{\"type\":\"matchRepoDigestOrExact\"}"))))
                .contains("the image has no docker reference");
    }

    @Test
    void unsignedImageIsRejected() throws IOException {
        Path image = copyOfSignedImage();
        Files.delete(image.resolve("signature-1"));
        assertThat(rejection(evaluate(image, signedByPolicy(publicKey, exactReference(IDENTITY)))))
                .isEqualTo("A signature was required, but no signature exists");
    }

    @Test
    void rejectPolicyRejectsEvenASignedImage() throws IOException {
        PolicyVerdict v = evaluate(signedImage, "{\"default\":[{\"type\":\"reject\"}]}");
        assertThat(rejection(v)).contains("the policy rejects this image");
        assertThat(v.manifestDigest()).isEmpty();
        assertThat(v.summary()).contains("dir:" + signedImage).contains("requirement reject");
    }

    @Test
    void oneGoodSignatureAmongBadOnesSuffices() throws IOException {
        Path image = copyOfSignedImage();
        Files.move(image.resolve("signature-1"), image.resolve("signature-2"));
        Files.write(image.resolve("signature-1"), gpgSign("This is not JSON".getBytes(StandardCharsets.UTF_8), "--local-user", fpr));
        PolicyVerdict v = evaluate(image, signedByPolicy(publicKey, exactReference(IDENTITY)));
        assertThat(v.accepted()).isTrue();
        assertThat(v.requirements().get(0).signatures()).extracting(SignatureOutcome::accepted).containsExactly(false, true);
        assertThat(v.requirements().get(0).signatures().get(0).reason()).contains("invalid signature payload");
    }

    @Test
    void signatureThatExpiredIsRejected() throws IOException {
        Path image = copyOfSignedImage();
        Digest manifest = Digest.sha256(Files.readAllBytes(image.resolve("manifest.json")));
        Files.write(image.resolve("signature-1"),
                gpgSign(payload(manifest, IDENTITY), "--default-sig-expire", "1d", "--local-user", fpr));
        String policy = signedByPolicy(publicKey, exactReference(IDENTITY));
        assertThat(evaluate(image, policy).accepted()).isTrue();
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(3)), ZoneOffset.UTC);
        assertThat(rejection(evaluate(image, policy, later))).contains("signature expired on");
    }

    @Test
    void subkeySignatureMapsToThePrimaryKeyAndARevokedSubkeyIsRejected() throws IOException {
        try (Gpg own = Gpg.create()) {
            String primary = own.generateKey("Subkey Owner", "owner@example.com");
            own.run("--passphrase", "", "--quick-add-key", primary, "rsa2048", "sign", "never").assertSuccess();
            String subkey = own.run("--list-keys", "--with-colons", primary).stdout().lines()
                    .filter(l -> l.startsWith("fpr:")).map(l -> l.split(":")[9]).filter(f -> !f.equals(primary))
                    .findFirst().orElseThrow();
            Path image = copyOfSignedImage();
            Digest manifest = Digest.sha256(Files.readAllBytes(image.resolve("manifest.json")));
            Files.write(image.resolve("signature-1"), sign(own, payload(manifest, IDENTITY), "--local-user", subkey + "!"));
            Path key = Files.write(tmp.resolve("owner.gpg"), own.exportPublicKey(primary));
            PolicyVerdict ok = evaluate(image, signedByPolicy(key, exactReference(IDENTITY)));
            assertThat(ok.accepted()).as(ok.toJson()).isTrue();
            assertThat(ok.requirements().get(0).signatures().get(0).signer()).contains(primary);

            Path commands = Files.writeString(tmp.resolve("revoke.txt"), "key 1\nrevkey\ny\n0\n\ny\nsave\n");
            own.run("--yes", "--command-file", commands.toString(), "--edit-key", primary).assertSuccess();
            Path revoked = Files.write(tmp.resolve("owner-revoked.gpg"), own.exportPublicKey(primary));
            assertThat(rejection(evaluate(image, signedByPolicy(revoked, exactReference(IDENTITY)))))
                    .contains("signing subkey " + subkey).contains("has been revoked");
        }
    }

    @Test
    void indexInstanceIsVerifiedWithTheSignaturesOfThatInstance() throws IOException {
        Path rootfs = Files.createDirectories(tmp.resolve("multi-rootfs/etc"));
        Files.writeString(rootfs.resolve("os-release"), "ID=multi\n");
        Path layout = tmp.resolve("multi-layout");
        var amd = OciImages.builder(layout).layer(tmp.resolve("multi-rootfs")).platform("linux", "amd64").build("amd64");
        var arm = OciImages.builder(layout).layer(tmp.resolve("multi-rootfs")).platform("linux", "arm64").build("arm64");
        OciImages.index(layout, "multi", java.util.List.of(amd, arm));
        Path out = tmp.resolve("multi-signed");
        new Skopeo().withEnv(gpg.env()).copy("oci:" + layout + ":multi", "dir:" + out,
                "--all", "--sign-by", fpr, "--sign-identity", IDENTITY).assertSuccess();
        Digest instance = Digest.parse(amd.digest());
        assertThat(out.resolve(instance.hex() + ".signature-1")).isRegularFile();
        SignaturePolicy policy = SignaturePolicy.parse(signedByPolicy(publicKey, exactReference(IDENTITY))
                .getBytes(StandardCharsets.UTF_8), "policy.json");
        try (ImageSource src = ImageSources.open("dir:" + out)) {
            PolicyVerdict v = PolicyEvaluator.builder(policy).build().evaluate(src, java.util.Optional.of(instance));
            assertThat(v.accepted()).as(v.toJson()).isTrue();
            assertThat(v.manifestDigest()).contains(instance);
        }
        Files.delete(out.resolve(instance.hex() + ".signature-1"));
        try (ImageSource src = ImageSources.open("dir:" + out)) {
            PolicyVerdict v = PolicyEvaluator.builder(policy).build().evaluate(src, java.util.Optional.of(instance));
            assertThat(rejection(v)).isEqualTo("A signature was required, but no signature exists");
        }
    }

    static byte[] payload(Digest manifest, String identity) {
        return ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + identity + "\"},\"image\":{\"docker-manifest-digest\":\""
                + manifest + "\"},\"type\":\"atomic container signature\"},\"optional\":{\"creator\":\"bootc4j test\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    byte[] gpgSign(byte[] data, String... options) throws IOException {
        return sign(gpg, data, options);
    }

    byte[] sign(Gpg g, byte[] data, String... options) throws IOException {
        Path in = Files.write(Files.createTempFile(tmp, "payload", ".json"), data);
        Path out = tmp.resolve(in.getFileName() + ".sig");
        String[] args = Stream.concat(Stream.of("--yes", "--output", out.toString()),
                Stream.concat(Stream.of(options), Stream.of("--sign", in.toString()))).toArray(String[]::new);
        g.run(args).assertSuccess();
        return Files.readAllBytes(out);
    }
}
