package io.bootc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootc4j.testing.Gpg;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OciImages;
import io.bootc4j.testing.Skopeo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bootc4j image verify} and {@code image copy --policy} over a dir: image signed by skopeo with gpg. */
@Interop({"gpg", "skopeo"})
class ImageVerifyCommandTest {

    @TempDir
    Path tmp;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    Path image;
    Path key;
    Path registriesD;
    String fingerprint;

    int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @BeforeEach
    void signedImage() throws IOException {
        Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(tmp.resolve("rootfs/etc/motd"), "verified\n");
        OciImages.fromDirectory(tmp.resolve("rootfs"), tmp.resolve("layout"), "v1");
        image = tmp.resolve("signed");
        registriesD = Files.createDirectories(tmp.resolve("registries.d"));
        try (Gpg gpg = Gpg.create()) {
            fingerprint = gpg.generateKey("CLI Signer", "cli@example.com");
            key = Files.write(tmp.resolve("key.gpg"), gpg.exportPublicKey(fingerprint));
            new Skopeo().withEnv(gpg.env()).copy("oci:" + tmp.resolve("layout") + ":v1", "dir:" + image,
                    "--sign-by", fingerprint, "--sign-identity", "quay.io/acme/os:42").assertSuccess();
        }
    }

    Path policy(String dockerReference) throws IOException {
        return Files.writeString(tmp.resolve("policy.json"), "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"dir\":{\"\":"
                + "[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"" + key + "\",\"signedIdentity\":"
                + "{\"type\":\"exactReference\",\"dockerReference\":\"" + dockerReference + "\"}}]}}}");
    }

    @Test
    void acceptedImagePrintsTheVerdictAndExitsZero() throws IOException {
        int code = run("image", "verify", "--policy", policy("quay.io/acme/os:42").toString(),
                "--registries.d", registriesD.toString(), "dir:" + image);
        assertThat(code).as(err.toString()).isZero();
        JsonNode v = new ObjectMapper().readTree(out.toString());
        assertThat(v.get("accepted").asBoolean()).isTrue();
        assertThat(v.at("/requirements/0/type").asText()).isEqualTo("signedBy");
        assertThat(v.at("/requirements/0/signatures/0/signer").asText()).isEqualTo(fingerprint);
        assertThat(v.at("/requirements/0/signatures/0/origin").asText()).isEqualTo("image signature 1");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void rejectedImageExitsOneWithTheReasonOnStderr() throws IOException {
        int code = run("image", "verify", "--policy", policy("quay.io/acme/os:43").toString(),
                "--registries.d", registriesD.toString(), "dir:" + image);
        assertThat(code).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(out.toString()).get("accepted").asBoolean()).isFalse();
        assertThat(err.toString()).contains("rejected").contains("requirement signedBy")
                .contains("signature for identity \"quay.io/acme/os:42\" is not accepted");
    }

    @Test
    void malformedPolicyIsRefusedBeforeTheImageIsOpened() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"default\":[{\"type\":\"reject\",\"keyPath\":\"/k\"}]}");
        int code = run("image", "verify", "--policy", bad.toString(), "dir:" + tmp.resolve("does-not-exist"));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains(bad + ": default[0].keyPath: unknown key \"keyPath\"").doesNotContain("does-not-exist");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void copyEnforcesThePolicyBeforeWritingTheDestination() throws IOException {
        Path dest = tmp.resolve("copy");
        int code = run("image", "copy", "--quiet", "--policy", policy("quay.io/acme/os:43").toString(),
                "--registries.d", registriesD.toString(), "dir:" + image, "dir:" + dest);
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("signature for identity");
        assertThat(dest).doesNotExist();
        err.getBuffer().setLength(0);
        out.getBuffer().setLength(0);
        assertThat(run("image", "copy", "--quiet", "--policy", policy("quay.io/acme/os:42").toString(),
                "--registries.d", registriesD.toString(), "dir:" + image, "dir:" + dest)).as(err + " " + out).isZero();
        assertThat(dest.resolve("signature-1")).isRegularFile();
    }

    @Test
    @Interop({"docker-registry"})
    void registryImageIsVerifiedWithItsLookasideSignature() throws IOException {
        try (io.bootc4j.testing.RegistryServer registry = io.bootc4j.testing.RegistryServer.start(
                io.bootc4j.testing.RegistryServer.Auth.none()); Gpg gpg = Gpg.create()) {
            String fpr = gpg.generateKey("Registry Signer", "reg@example.com");
            Path regKey = Files.write(tmp.resolve("reg.gpg"), gpg.exportPublicKey(fpr));
            Path sigstore = Files.createDirectories(tmp.resolve("sigstore"));
            Skopeo.writeLookasideConfig(registriesD, registry.host(), sigstore);
            String ref = registry.host() + "/acme/os:42";
            new Skopeo().withEnv(gpg.env()).withRegistriesD(registriesD).copy("oci:" + tmp.resolve("layout") + ":v1",
                    "docker://" + ref, "--dest-tls-verify=false", "--sign-by", fpr).assertSuccess();
            Path policy = Files.writeString(tmp.resolve("registry-policy.json"), "{\"default\":[{\"type\":\"reject\"}],"
                    + "\"transports\":{\"docker\":{\"" + registry.host() + "\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\","
                    + "\"keyPath\":\"" + regKey + "\"}]}}}");
            int code = run("image", "verify", "--tls-verify=false", "--policy", policy.toString(),
                    "--registries.d", registriesD.toString(), "docker://" + ref);
            assertThat(code).as(err.toString()).isZero();
            JsonNode v = new ObjectMapper().readTree(out.toString());
            assertThat(v.at("/requirements/0/signatures/0/signer").asText()).isEqualTo(fpr);
            assertThat(v.get("scope").asText()).isEqualTo("transports.docker[\"" + registry.host() + "\"]");

            out.getBuffer().setLength(0);
            Files.writeString(policy, Files.readString(policy).replace(regKey.toString(), key.toString()));
            assertThat(run("image", "verify", "--tls-verify=false", "--policy", policy.toString(),
                    "--registries.d", registriesD.toString(), "docker://" + ref)).isEqualTo(1);
            assertThat(err.toString()).contains("signed by unknown key");
            assertThat(new ObjectMapper().readTree(out.toString()).get("accepted").asBoolean()).isFalse();
        }
    }
}
