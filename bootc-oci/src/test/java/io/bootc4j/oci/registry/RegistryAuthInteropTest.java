package io.bootc4j.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.oci.Descriptor;
import io.bootc4j.oci.ImageReference;
import io.bootc4j.oci.Manifest;
import io.bootc4j.oci.ManifestBytes;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OciImage;
import io.bootc4j.testing.OciImages;
import io.bootc4j.testing.RegistryServer;
import io.bootc4j.testing.Skopeo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic and bearer-token authentication against a real docker-registry. */
@Interop({"docker-registry", "skopeo"})
class RegistryAuthInteropTest {

    @TempDir
    Path work;

    private ImageReference pushTo(RegistryServer registry, String repoTag) throws IOException {
        OciImage image = OciImages.fromDirectory(RegistryPullInteropTest.tree(work, "auth", 5000), work.resolve("layout"), "v1");
        new Skopeo().copy(image.reference(), "docker://" + registry.host() + "/" + repoTag, Skopeo.destOptions(registry))
                .assertSuccess();
        return ImageReference.parse(registry.host() + "/" + repoTag);
    }

    private final java.util.List<java.time.Duration> sleeps = new java.util.concurrent.CopyOnWriteArrayList<>();

    private RegistryClient client(RegistryServer registry, CredentialSource credentials) throws IOException {
        return RegistryClient.builder().insecureRegistry(registry.host()).credentials(credentials).sleeper(sleeps::add)
                .build();
    }

    private static void pullEverything(RegistryClient client, ImageReference ref) throws IOException {
        try (RegistryImageSource src = client.open(ref)) {
            ManifestBytes top = src.manifest(Optional.empty());
            for (Descriptor d : Manifest.parse(top).layers()) {
                try (InputStream in = src.openBlob(d)) {
                    assertThat(in.readAllBytes()).hasSize((int) d.size());
                }
            }
        }
    }

    private Path wrongAuthFile(RegistryServer registry) throws IOException {
        Path f = work.resolve("wrong.json");
        Files.writeString(f, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\""
                + Base64.getEncoder().encodeToString("alice:wrong".getBytes()) + "\"}}}");
        return f;
    }

    @Test
    void basicAuthPullsWithCredentialsFromAnAuthFile() throws IOException {
        try (RegistryServer registry = RegistryServer.start(RegistryServer.Auth.basic("alice", "s3cret"))) {
            ImageReference ref = pushTo(registry, "private/os:v1");
            Path authFile = registry.writeAuthFile(work.resolve("auth.json"));
            pullEverything(client(registry, AuthFile.of(authFile)), ref);
        }
    }

    @Test
    void basicAuthWithoutOrWithWrongCredentialsFailsAsUnauthorized() throws IOException {
        try (RegistryServer registry = RegistryServer.start(RegistryServer.Auth.basic("alice", "s3cret"))) {
            ImageReference ref = pushTo(registry, "private/os:v1");
            assertThatThrownBy(() -> client(registry, CredentialSource.none()).open(ref))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("unauthorized")
                    .hasMessageContaining(registry.host() + "/private/os")
                    .extracting(e -> ((RegistryException) e).status()).isEqualTo(401);
            assertThatThrownBy(() -> client(registry, AuthFile.of(wrongAuthFile(registry))).open(ref))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("unauthorized");
        }
    }

    @Test
    void bearerAuthFetchesAPullScopedTokenWithCredentials() throws IOException {
        try (RegistryServer registry = RegistryServer.start(RegistryServer.Auth.bearer("bob", "t0ken-pw"))) {
            ImageReference ref = pushTo(registry, "team/app:v1");
            int before = registry.tokenRequests();
            pullEverything(client(registry, AuthFile.of(registry.writeAuthFile(work.resolve("auth.json")))), ref);
            assertThat(registry.tokenScopes()).contains("repository:team/app:pull");
            // one token for the whole pull: it is cached for its lifetime
            assertThat(registry.tokenRequests() - before).isEqualTo(1);
        }
    }

    @Test
    void bearerAuthWithoutOrWithWrongCredentialsFailsAsUnauthorized() throws IOException {
        try (RegistryServer registry = RegistryServer.start(RegistryServer.Auth.bearer("bob", "t0ken-pw"))) {
            ImageReference ref = pushTo(registry, "team/app:v1");
            assertThatThrownBy(() -> client(registry, CredentialSource.none()).open(ref))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("unauthorized");
            assertThatThrownBy(() -> client(registry, AuthFile.of(wrongAuthFile(registry))).open(ref))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("unauthorized")
                    .hasMessageContaining("token");
            assertThat(sleeps).as("an authentication failure is not retried").isEmpty();
        }
    }

    @Test
    void bearerAuthAllowsAnonymousPullWhenTheTokenServerGrantsIt() throws IOException {
        try (RegistryServer registry = RegistryServer.start(RegistryServer.Auth.bearer("bob", "pw").withAnonymousPull())) {
            ImageReference ref = pushTo(registry, "public/app:v1");
            pullEverything(client(registry, CredentialSource.none()), ref);
            assertThat(registry.tokenScopes()).contains("repository:public/app:pull");
        }
    }
}
