package io.bootc4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Interop("gpg")
class GpgInteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Gpg gpg;
    static String rsa;

    @BeforeAll
    static void generate() {
        gpg = Gpg.create();
        rsa = gpg.generateKey("Test Signer", "signer@example.com");
    }

    @AfterAll
    static void close() {
        gpg.close();
    }

    @Test
    void generatedKeysAreListedByGpg() throws Exception {
        String ed = gpg.generateKey("Edwards Signer", "ed@example.com", Gpg.KeyType.ED25519);
        assertThat(rsa).matches("[0-9A-F]{40}");
        assertThat(ed).matches("[0-9A-F]{40}").isNotEqualTo(rsa);

        String listing = gpg.run("--with-colons", "--list-keys").assertSuccess().stdout();
        assertThat(listing).contains("fpr:::::::::" + rsa + ":", "fpr:::::::::" + ed + ":",
                "Test Signer <signer@example.com>", "Edwards Signer <ed@example.com>");
        assertThat(gpg.run("--list-secret-keys", rsa).assertSuccess().stdout()).contains(rsa);
        assertThat(Files.getPosixFilePermissions(gpg.home())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(gpg.env()).containsEntry("GNUPGHOME", gpg.home().toString());
    }

    @Test
    void exportedPublicKeyImportsIntoAnotherHome(@TempDir Path dir) throws Exception {
        byte[] binary = gpg.exportPublicKey(rsa);
        // An OpenPGP public-key packet (tag 6), in old or new packet format.
        int tag = (binary[0] & 0x40) != 0 ? binary[0] & 0x3f : (binary[0] >> 2) & 0x0f;
        assertThat(binary[0] & 0x80).isNotZero();
        assertThat(tag).isEqualTo(6);
        assertThat(gpg.exportPublicKeyArmored(rsa)).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");

        Path keyFile = Files.write(dir.resolve("key.gpg"), binary);
        try (Gpg other = Gpg.create()) {
            other.importKey(keyFile);
            assertThat(other.run("--with-colons", "--list-keys").assertSuccess().stdout()).contains(rsa);
            assertThat(other.run("--with-colons", "--list-secret-keys").stdout()).doesNotContain(rsa);
        }
    }

    @Test
    @Interop("skopeo")
    void skopeoSignByWritesASimpleSigningSignatureForTheManifest(@TempDir Path dir) throws Exception {
        OciImage image = OciImages.fromDirectory(TestTrees.realisticContainerRootfs(dir.resolve("rootfs"), 2),
                dir.resolve("layout"), "v1");
        Path out = dir.resolve("signed");

        new Skopeo().withEnv(gpg.env()).copy(image.reference(), "dir:" + out, "--sign-by", rsa,
                "--sign-identity", "registry.example.com/os:v1").assertSuccess();

        Path signature = out.resolve("signature-1");
        assertThat(signature).isRegularFile();
        ProcessResult decrypted = gpg.run("--status-fd", "2", "--decrypt", signature.toString()).assertSuccess();
        assertThat(decrypted.stderr()).contains("VALIDSIG " + rsa);
        JsonNode payload = JSON.readTree(decrypted.stdout());
        assertThat(payload.path("critical").path("type").asText()).isEqualTo("atomic container signature");
        assertThat(payload.path("critical").path("image").path("docker-manifest-digest").asText()).isEqualTo(image.digest());
        assertThat(payload.path("critical").path("identity").path("docker-reference").asText())
                .isEqualTo("registry.example.com/os:v1");
    }

    @Test
    @Interop({"skopeo", "docker-registry"})
    void skopeoSignsIntoARegistryLookaside(@TempDir Path dir) {
        OciImage image = OciImages.fromDirectory(TestTrees.realisticContainerRootfs(dir.resolve("rootfs"), 3),
                dir.resolve("layout"), "v1");
        try (RegistryServer registry = RegistryServer.start(RegistryServer.Auth.none())) {
            Path sigstore = dir.resolve("sigstore");
            Path registriesD = dir.resolve("registries.d");
            Skopeo.writeLookasideConfig(registriesD, registry.host(), sigstore);

            new Skopeo().withEnv(gpg.env()).withRegistriesD(registriesD).copy(image.reference(),
                    "docker://" + registry.host() + "/os:v1", "--sign-by", rsa, "--dest-tls-verify=false").assertSuccess();

            assertThat(sigstore.resolve("os@" + image.digest().replace(':', '=') + "/signature-1")).isRegularFile();
        }
    }

    @Test
    void closeDeletesTheHome() {
        Gpg throwaway = Gpg.create();
        throwaway.generateKey("Short Lived", "short@example.com", Gpg.KeyType.ED25519);
        Path home = throwaway.home();
        assertThat(home.resolve("pubring.kbx")).isRegularFile();

        throwaway.close();

        assertThat(home).doesNotExist();
    }

    @Test
    void rejectsAUserIdWithoutAnAddress() {
        assertThatThrownBy(() -> gpg.generateKey("Name", "not-an-address"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-an-address");
    }
}
