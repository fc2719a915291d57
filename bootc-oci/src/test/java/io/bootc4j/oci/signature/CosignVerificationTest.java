package io.bootc4j.oci.signature;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.oci.Digest;
import io.bootc4j.oci.ImageSource;
import io.bootc4j.oci.ImageSources;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OciImages;
import io.bootc4j.testing.Skopeo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cosign signatures stored by the dir: transport ({@code \0sigstore-json} files), keyed, with Rekor, and Fulcio. */
@Interop({"skopeo"})
class CosignVerificationTest {

    static final String REPO = "quay.io/acme/os";

    @TempDir
    Path tmp;

    Path image;
    Digest manifest;
    final KeyPair signer = CosignFixture.newKey();
    final KeyPair rekor = CosignFixture.newKey();
    Path signerPub;
    Path rekorPub;

    @BeforeEach
    void makeUnsignedDirImage() throws IOException {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/usr"));
        Files.writeString(rootfs.resolve("marker"), "cosign\n");
        OciImages.fromDirectory(tmp.resolve("rootfs"), tmp.resolve("layout"), "v1");
        image = tmp.resolve("image");
        new Skopeo().copy("oci:" + tmp.resolve("layout") + ":v1", "dir:" + image).assertSuccess();
        manifest = Digest.sha256(Files.readAllBytes(image.resolve("manifest.json")));
        signerPub = Files.writeString(tmp.resolve("cosign.pub"), CosignFixture.publicKeyPem(signer));
        rekorPub = Files.writeString(tmp.resolve("rekor.pub"), CosignFixture.publicKeyPem(rekor));
    }

    Map<String, String> signWith(KeyPair key, byte[] payload) {
        Map<String, String> a = new HashMap<>();
        a.put("dev.cosignproject.cosign/signature", Base64.getEncoder().encodeToString(CosignFixture.sign(key.getPrivate(), payload)));
        return a;
    }

    void attach(int n, byte[] payload, Map<String, String> annotations) throws IOException {
        Files.write(image.resolve("signature-" + n), CosignFixture.dirSignatureFile(CosignFixture.MIME, payload, annotations));
    }

    PolicyVerdict evaluate(String requirementJson) throws IOException {
        String policy = "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"dir\":{\"\":[" + requirementJson + "]}}}";
        SignaturePolicy p = SignaturePolicy.parse(policy.getBytes(StandardCharsets.UTF_8), "policy.json");
        try (ImageSource src = ImageSources.open("dir:" + image)) {
            return p.evaluate(src);
        }
    }

    String keyed(Path key, String repo) {
        return "{\"type\":\"sigstoreSigned\",\"keyPath\":\"" + key + "\",\"signedIdentity\":"
                + "{\"type\":\"exactRepository\",\"dockerRepository\":\"" + repo + "\"}}";
    }

    static String rejection(PolicyVerdict v) {
        assertThat(v.accepted()).as("verdict %s", v).isFalse();
        return v.firstRejection().orElseThrow().reason();
    }

    @Test
    void keyedCosignSignatureIsAccepted() throws IOException {
        byte[] payload = CosignFixture.payload(manifest, REPO);
        attach(1, payload, signWith(signer, payload));
        PolicyVerdict v = evaluate(keyed(signerPub, REPO));
        assertThat(v.accepted()).as(v.toJson()).isTrue();
        assertThat(v.requirements().get(0).signatures().get(0).signedIdentity()).contains(REPO);
    }

    @Test
    void signatureByAnotherKeyIsRejected() throws IOException {
        byte[] payload = CosignFixture.payload(manifest, REPO);
        attach(1, payload, signWith(CosignFixture.newKey(), payload));
        assertThat(rejection(evaluate(keyed(signerPub, REPO)))).contains("cryptographic signature verification failed");
    }

    @Test
    void tamperedSignatureIsRejected() throws IOException {
        byte[] payload = CosignFixture.payload(manifest, REPO);
        Map<String, String> a = signWith(signer, payload);
        byte[] sig = Base64.getDecoder().decode(a.get("dev.cosignproject.cosign/signature"));
        sig[sig.length - 3] ^= 1;
        a.put("dev.cosignproject.cosign/signature", Base64.getEncoder().encodeToString(sig));
        attach(1, payload, a);
        assertThat(rejection(evaluate(keyed(signerPub, REPO)))).contains("cryptographic signature verification failed");
    }

    @Test
    void manifestChangedAfterSigningIsRejected() throws IOException {
        byte[] payload = CosignFixture.payload(manifest, REPO);
        attach(1, payload, signWith(signer, payload));
        Files.writeString(image.resolve("manifest.json"), Files.readString(image.resolve("manifest.json")) + " ");
        assertThat(rejection(evaluate(keyed(signerPub, REPO)))).contains("signature is for manifest " + manifest);
    }

    @Test
    void signatureForAnotherRepositoryIsRejected() throws IOException {
        byte[] payload = CosignFixture.payload(manifest, "quay.io/evil/os");
        attach(1, payload, signWith(signer, payload));
        assertThat(rejection(evaluate(keyed(signerPub, REPO))))
                .contains("signature for identity \"quay.io/evil/os\" is not accepted by signedIdentity exactRepository quay.io/acme/os");
    }

    @Test
    void unsignedImageIsRejectedAndOtherAttachmentsAreCounted() throws IOException {
        assertThat(rejection(evaluate(keyed(signerPub, REPO)))).isEqualTo("A signature was required, but no signature exists");
        Files.write(image.resolve("signature-1"), CosignFixture.dirSignatureFile("text/plain", "hello".getBytes(StandardCharsets.UTF_8), Map.of()));
        assertThat(rejection(evaluate(keyed(signerPub, REPO))))
                .isEqualTo("A signature was required, but no signature exists (1 sigstore non-signature attachment ignored)");
    }

    @Test
    void simpleSigningRequirementIgnoresCosignSignatures() throws IOException {
        byte[] payload = CosignFixture.payload(manifest, REPO);
        attach(1, payload, signWith(signer, payload));
        assertThat(rejection(evaluate("{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"" + signerPub + "\"}")))
                .contains("not an OpenPGP public keyring");
    }

    @Test
    void rekorSetIsRequiredAndVerifiedWhenARekorKeyIsConfigured() throws IOException {
        byte[] payload = CosignFixture.payload(manifest, REPO);
        Map<String, String> a = signWith(signer, payload);
        String req = "{\"type\":\"sigstoreSigned\",\"keyPath\":\"" + signerPub + "\",\"rekorPublicKeyPath\":\"" + rekorPub
                + "\",\"signedIdentity\":{\"type\":\"matchRepository\"}}".replace("matchRepository\"}", "exactRepository\",\"dockerRepository\":\"" + REPO + "\"}");
        attach(1, payload, a);
        assertThat(rejection(evaluate(req))).contains("annotation dev.sigstore.cosign/bundle is missing");

        byte[] sig = Base64.getDecoder().decode(a.get("dev.cosignproject.cosign/signature"));
        a.put("dev.sigstore.cosign/bundle", CosignFixture.rekorSet(rekor, CosignFixture.publicKeyPem(signer), sig, payload, Instant.now()));
        attach(1, payload, a);
        assertThat(evaluate(req).accepted()).isTrue();

        a.put("dev.sigstore.cosign/bundle", CosignFixture.rekorSet(CosignFixture.newKey(), CosignFixture.publicKeyPem(signer), sig, payload, Instant.now()));
        attach(1, payload, a);
        assertThat(rejection(evaluate(req))).contains("Rekor SET signature does not verify");

        a.put("dev.sigstore.cosign/bundle", CosignFixture.rekorSet(rekor, CosignFixture.publicKeyPem(signer), sig,
                "other payload".getBytes(StandardCharsets.UTF_8), Instant.now()));
        attach(1, payload, a);
        assertThat(rejection(evaluate(req))).contains("Rekor entry is for a different payload");
    }

    @Test
    void fulcioCertificateIsCheckedAtTheRekorIntegratedTime() throws IOException {
        Instant issued = Instant.parse("2023-01-20T20:51:00Z");
        KeyPair caKey = CosignFixture.newKey();
        X509Certificate ca = CosignFixture.ca(caKey, "test fulcio", issued);
        KeyPair ephemeral = CosignFixture.newKey();
        X509Certificate leaf = CosignFixture.fulcioLeaf(caKey, ca, ephemeral, "dev@example.com", "https://issuer.example", issued);
        Path caPem = Files.writeString(tmp.resolve("fulcio.pem"), CosignFixture.certificatePem(ca));
        byte[] payload = CosignFixture.payload(manifest, REPO);
        Map<String, String> a = signWith(ephemeral, payload);
        byte[] sig = Base64.getDecoder().decode(a.get("dev.cosignproject.cosign/signature"));
        a.put("dev.sigstore.cosign/certificate", CosignFixture.certificatePem(leaf));
        a.put("dev.sigstore.cosign/chain", CosignFixture.certificatePem(ca));
        a.put("dev.sigstore.cosign/bundle", CosignFixture.rekorSet(rekor, CosignFixture.certificatePem(leaf), sig, payload,
                issued.plusSeconds(60)));
        attach(1, payload, a);
        String req = "{\"type\":\"sigstoreSigned\",\"fulcio\":{\"caPath\":\"" + caPem + "\",\"oidcIssuer\":\"https://issuer.example\","
                + "\"subjectEmail\":\"%s\"},\"rekorPublicKeyPath\":\"" + rekorPub + "\",\"signedIdentity\":"
                + "{\"type\":\"exactRepository\",\"dockerRepository\":\"" + REPO + "\"}}";
        PolicyVerdict ok = evaluate(req.formatted("dev@example.com"));
        assertThat(ok.accepted()).as(ok.toJson()).isTrue();
        assertThat(rejection(evaluate(req.formatted("someone@example.com")))).contains("does not include the required email");

        a.put("dev.sigstore.cosign/bundle", CosignFixture.rekorSet(rekor, CosignFixture.certificatePem(leaf), sig, payload,
                issued.plusSeconds(3600)));
        attach(1, payload, a);
        assertThat(rejection(evaluate(req.formatted("dev@example.com")))).contains("is not trusted at 2023-01-20T21:51:00Z");
    }

    @Test
    void pkiCertificateIsCheckedNowAgainstTheConfiguredRoots() throws IOException {
        Instant now = Instant.now();
        KeyPair caKey = CosignFixture.newKey();
        X509Certificate ca = CosignFixture.ca(caKey, "test pki root", now);
        KeyPair leafKey = CosignFixture.newKey();
        X509Certificate leaf = CosignFixture.fulcioLeaf(caKey, ca, leafKey, "builder@example.com", "unused", now.minusSeconds(60));
        Path roots = Files.writeString(tmp.resolve("roots.pem"), CosignFixture.certificatePem(ca));
        byte[] payload = CosignFixture.payload(manifest, REPO);
        Map<String, String> a = signWith(leafKey, payload);
        a.put("dev.sigstore.cosign/certificate", CosignFixture.certificatePem(leaf));
        attach(1, payload, a);
        String req = "{\"type\":\"sigstoreSigned\",\"pki\":{\"caRootsPath\":\"" + roots + "\",\"subjectEmail\":\"%s\"},"
                + "\"signedIdentity\":{\"type\":\"exactRepository\",\"dockerRepository\":\"" + REPO + "\"}}";
        PolicyVerdict ok = evaluate(req.formatted("builder@example.com"));
        assertThat(ok.accepted()).as(ok.toJson()).isTrue();
        assertThat(rejection(evaluate(req.formatted("other@example.com")))).contains("does not include the required email");

        Path otherRoots = Files.writeString(tmp.resolve("other-roots.pem"),
                CosignFixture.certificatePem(CosignFixture.ca(CosignFixture.newKey(), "other root", now)));
        assertThat(rejection(evaluate(req.formatted("builder@example.com").replace(roots.toString(), otherRoots.toString()))))
                .contains("is not trusted at");
    }
}
