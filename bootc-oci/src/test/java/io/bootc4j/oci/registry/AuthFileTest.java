package io.bootc4j.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthFileTest {

    @TempDir
    Path home;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String relative, String text) throws IOException {
        Path p = home.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private AuthFile discover(Map<String, String> env) {
        return AuthFile.discover(env, home);
    }

    @Test
    void searchOrderFollowsContainersImage() {
        AuthFile f = discover(Map.of("XDG_RUNTIME_DIR", "/run/user/7"));
        assertThat(f.files()).containsExactly(Path.of("/run/user/7/containers/auth.json"),
                home.resolve(".config/containers/auth.json"), home.resolve(".docker/config.json"),
                home.resolve(".dockercfg"));
    }

    @Test
    void registryAuthFileReplacesTheSearchList() {
        assertThat(discover(Map.of("REGISTRY_AUTH_FILE", "/tmp/x.json")).files()).containsExactly(Path.of("/tmp/x.json"));
    }

    @Test
    void decodesBase64AuthAndTrimsTrailingNuls() throws IOException {
        write(".config/containers/auth.json", "{\"auths\":{\"quay.io\":{\"auth\":\"" + b64("alice:pa:ss\0\0") + "\"}}}");
        assertThat(discover(Map.of()).find("quay.io", "org/img")).contains(Credential.basic("alice", "pa:ss"));
    }

    @Test
    void mostSpecificNamespaceKeyWins() throws IOException {
        write(".config/containers/auth.json", "{\"auths\":{"
                + "\"quay.io\":{\"auth\":\"" + b64("host:1") + "\"},"
                + "\"quay.io/org\":{\"auth\":\"" + b64("org:2") + "\"},"
                + "\"quay.io/org/img\":{\"auth\":\"" + b64("repo:3") + "\"}}}");
        AuthFile f = discover(Map.of());
        assertThat(f.find("quay.io", "org/img")).contains(Credential.basic("repo", "3"));
        assertThat(f.find("quay.io", "org/other")).contains(Credential.basic("org", "2"));
        assertThat(f.find("quay.io", "elsewhere/x")).contains(Credential.basic("host", "1"));
        assertThat(f.find("ghcr.io", "org/img")).isEmpty();
    }

    @Test
    void earlierFileInTheSearchListWins() throws IOException {
        write(".config/containers/auth.json", "{\"auths\":{\"r.example\":{\"auth\":\"" + b64("first:1") + "\"}}}");
        write(".docker/config.json", "{\"auths\":{\"r.example\":{\"auth\":\"" + b64("second:2") + "\"},"
                + "\"only.docker\":{\"auth\":\"" + b64("d:3") + "\"}}}");
        AuthFile f = discover(Map.of());
        assertThat(f.find("r.example", "a")).contains(Credential.basic("first", "1"));
        assertThat(f.find("only.docker", "a")).contains(Credential.basic("d", "3"));
    }

    @Test
    void legacyDockerHubKeysMatchDockerIo() throws IOException {
        write(".docker/config.json", "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hub:pw") + "\"}}}");
        assertThat(discover(Map.of()).find("docker.io", "library/busybox")).contains(Credential.basic("hub", "pw"));
    }

    @Test
    void legacyDockercfgHasRegistriesAtTopLevel() throws IOException {
        write(".dockercfg", "{\"old.example\":{\"auth\":\"" + b64("o:p") + "\",\"email\":\"x@y\"}}");
        assertThat(discover(Map.of()).find("old.example", "a/b")).contains(Credential.basic("o", "p"));
    }

    @Test
    void identityTokenIsReturnedAsSuch() throws IOException {
        write(".config/containers/auth.json", "{\"auths\":{\"r.example\":{\"auth\":\"" + b64("u:") + "\",\"identitytoken\":\"refresh-1\"}}}");
        Credential c = discover(Map.of()).find("r.example", "a").orElseThrow();
        assertThat(c.identityToken()).contains("refresh-1");
        assertThat(c.toString()).doesNotContain("refresh-1");
    }

    @Test
    void malformedJsonNamesTheFile() throws IOException {
        Path p = write(".config/containers/auth.json", "{\"auths\": [");
        assertThatThrownBy(() -> discover(Map.of()).find("r.example", "a"))
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining(p.toString()).hasMessageContaining("not valid JSON");
    }

    @Test
    void badBase64NamesTheFileAndKey() throws IOException {
        Path p = write(".config/containers/auth.json", "{\"auths\":{\"r.example\":{\"auth\":\"%%%\"}}}");
        assertThatThrownBy(() -> discover(Map.of()).find("r.example", "a"))
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining(p.toString())
                .hasMessageContaining("\"r.example\"").hasMessageContaining("base64");
    }

    @Test
    void emptyEntryIsAHelperMarkerNotACredential() throws IOException {
        write(".docker/config.json", "{\"auths\":{\"r.example\":{}}}");
        assertThat(discover(Map.of()).find("r.example", "a")).isEmpty();
    }

    private Path helper(String name, String script) throws IOException {
        Path bin = home.resolve("bin");
        Files.createDirectories(bin);
        Path p = bin.resolve("docker-credential-" + name);
        Files.writeString(p, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void credHelpersRunTheHelperWithTheHostOnStdin() throws IOException {
        Path bin = helper("test", "read host\n[ \"$1\" = get ] || exit 3\n"
                + "echo \"{\\\"ServerURL\\\":\\\"$host\\\",\\\"Username\\\":\\\"from-$host\\\",\\\"Secret\\\":\\\"s\\\"}\"\n");
        write(".docker/config.json", "{\"credHelpers\":{\"h.example\":\"test\"}}");
        AuthFile f = discover(Map.of("PATH", bin + ":/usr/bin:/bin"));
        assertThat(f.find("h.example", "a")).contains(Credential.basic("from-h.example", "s"));
    }

    @Test
    void credsStoreTokenUserMeansIdentityToken() throws IOException {
        Path bin = helper("store", "cat >/dev/null\necho '{\"Username\":\"<token>\",\"Secret\":\"tok\"}'\n");
        write(".docker/config.json", "{\"credsStore\":\"store\",\"auths\":{\"h.example\":{}}}");
        Optional<Credential> c = discover(Map.of("PATH", bin + ":/usr/bin:/bin")).find("h.example", "a");
        assertThat(c.orElseThrow().identityToken()).contains("tok");
    }

    @Test
    void helperSayingCredentialsNotFoundMeansAnonymous() throws IOException {
        Path bin = helper("none", "cat >/dev/null\necho 'credentials not found in native keychain'\nexit 1\n");
        write(".docker/config.json", "{\"credHelpers\":{\"h.example\":\"none\"}}");
        assertThat(discover(Map.of("PATH", bin + ":/usr/bin:/bin")).find("h.example", "a")).isEmpty();
    }

    @Test
    void failingHelperIsNamedInTheError() throws IOException {
        Path bin = helper("broken", "cat >/dev/null\necho 'keychain locked' >&2\nexit 2\n");
        write(".docker/config.json", "{\"credHelpers\":{\"h.example\":\"broken\"}}");
        assertThatThrownBy(() -> discover(Map.of("PATH", bin + ":/usr/bin:/bin")).find("h.example", "a"))
                .isInstanceOf(RegistryConfigException.class)
                .hasMessageContaining("docker-credential-broken").hasMessageContaining("keychain locked");
    }

    @Test
    void missingHelperIsNamedInTheError() throws IOException {
        write(".docker/config.json", "{\"credHelpers\":{\"h.example\":\"absent\"}}");
        assertThatThrownBy(() -> discover(Map.of("PATH", home.toString())).find("h.example", "a"))
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining("docker-credential-absent");
    }

    @Test
    void helperNameWithPathCharactersIsRejected() throws IOException {
        write(".docker/config.json", "{\"credHelpers\":{\"h.example\":\"../../bin/sh\"}}");
        assertThatThrownBy(() -> discover(Map.of()).find("h.example", "a"))
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining("not a helper name");
    }
}
