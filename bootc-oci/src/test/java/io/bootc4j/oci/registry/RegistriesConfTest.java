package io.bootc4j.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistriesConfTest {

    private static final String CONF = """
            unqualified-search-registries = ["registry.fedoraproject.org", "quay.io"]
            short-name-mode = "enforcing"

            [[registry]]
            prefix = "example.com/foo"
            location = "internal.example.com/bar"
            insecure = true

            [[registry]]
            location = "example.com"
            [[registry.mirror]]
            location = "mirror-1.example.com"
            [[registry.mirror]]
            location = "mirror-2.example.com/cache"
            insecure = true
            pull-from-mirror = "digest-only"

            [[registry]]
            prefix = "*.blocked.example"
            blocked = true

            [aliases]
            "fedora" = "registry.fedoraproject.org/fedora"
            """;

    @Test
    void mostSpecificPrefixRewritesTheReference() throws IOException {
        RegistriesConf c = RegistriesConf.parse(CONF, "test.conf");
        assertThat(c.resolve("example.com", "foo/img", false))
                .containsExactly(new PullSource("internal.example.com", "bar/img", true, false));
    }

    @Test
    void prefixMatchesOnlyAtAPathComponentBoundary() throws IOException {
        RegistriesConf c = RegistriesConf.parse(CONF, "test.conf");
        assertThat(c.resolve("example.com", "foobar/img", false)).last()
                .isEqualTo(new PullSource("example.com", "foobar/img", false, false));
    }

    @Test
    void mirrorsComeFirstInOrderAndPrimaryLast() throws IOException {
        RegistriesConf c = RegistriesConf.parse(CONF, "test.conf");
        assertThat(c.resolve("example.com", "a/b", true)).containsExactly(
                new PullSource("mirror-1.example.com", "a/b", false, true),
                new PullSource("mirror-2.example.com", "cache/a/b", true, true),
                new PullSource("example.com", "a/b", false, false));
        assertThat(c.resolve("example.com", "a/b", false)).extracting(PullSource::registry)
                .containsExactly("mirror-1.example.com", "example.com");
    }

    @Test
    void wildcardPrefixBlocksSubdomainsAndNamesTheFile() throws IOException {
        RegistriesConf c = RegistriesConf.parse(CONF, "test.conf");
        assertThatThrownBy(() -> c.resolve("a.blocked.example:5000", "x", false))
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining("test.conf").hasMessageContaining("blocked");
        assertThat(c.resolve("blocked.example", "x", false)).hasSize(1);
    }

    @Test
    void unconfiguredRegistryIsPulledDirectlyOverTls() throws IOException {
        RegistriesConf c = RegistriesConf.parse(CONF, "test.conf");
        assertThat(c.resolve("ghcr.io", "o/i", false)).containsExactly(new PullSource("ghcr.io", "o/i", false, false));
        assertThat(c.unqualifiedSearchRegistries()).containsExactly("registry.fedoraproject.org", "quay.io");
    }

    @Test
    void mirrorByDigestOnlyKeepsTagPullsOnThePrimary() throws IOException {
        RegistriesConf c = RegistriesConf.parse("""
                [[registry]]
                location = "r.example"
                mirror-by-digest-only = true
                [[registry.mirror]]
                location = "m.example"
                """, "d.conf");
        assertThat(c.resolve("r.example", "x", false)).extracting(PullSource::registry).containsExactly("r.example");
        assertThat(c.resolve("r.example", "x", true)).extracting(PullSource::registry).containsExactly("m.example", "r.example");
    }

    @Test
    void dropInsReplaceTablesWithTheSamePrefixAndTheSearchList(@TempDir Path dir) throws IOException {
        Path main = dir.resolve("registries.conf");
        Files.writeString(main, "unqualified-search-registries = [\"a.example\"]\n[[registry]]\nlocation = \"r.example\"\ninsecure = true\n");
        Files.createDirectories(dir.resolve("registries.conf.d"));
        Files.writeString(dir.resolve("registries.conf.d/10-x.conf"), "[[registry]]\nlocation = \"r.example\"\ninsecure = false\n");
        Files.writeString(dir.resolve("registries.conf.d/20-y.conf"), "unqualified-search-registries = [\"b.example\"]\n");
        Files.writeString(dir.resolve("registries.conf.d/ignored.txt"), "garbage = ");
        RegistriesConf c = RegistriesConf.load(main);
        assertThat(c.isInsecure("r.example")).isFalse();
        assertThat(c.unqualifiedSearchRegistries()).containsExactly("b.example");
    }

    @Test
    void discoverPrefersTheEnvironmentOverride(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("custom.conf");
        Files.writeString(conf, "[[registry]]\nlocation = \"127.0.0.1:5000\"\ninsecure = true\n");
        RegistriesConf c = RegistriesConf.discover(Map.of("CONTAINERS_REGISTRIES_CONF", conf.toString()), dir, dir);
        assertThat(c.isInsecure("127.0.0.1:5000")).isTrue();
        assertThat(RegistriesConf.discover(Map.of(), dir, dir).isInsecure("127.0.0.1:5000")).isFalse();
    }

    @Test
    void malformedTomlNamesTheFile() {
        assertThatThrownBy(() -> RegistriesConf.parse("[[registry]\nlocation=", "/etc/containers/registries.conf"))
                .isInstanceOf(RegistryConfigException.class).hasMessageStartingWith("/etc/containers/registries.conf: not valid TOML");
    }

    @Test
    void wrongTypeIsRejectedWithTheKey() {
        assertThatThrownBy(() -> RegistriesConf.parse("[[registry]]\nlocation = \"r\"\ninsecure = \"yes\"\n", "f.conf"))
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining("f.conf").hasMessageContaining("\"insecure\"");
    }

    @Test
    void unknownKeyIsRejected() {
        assertThatThrownBy(() -> RegistriesConf.parse("[[registry]]\nlocation = \"r\"\ninsecur = true\n", "f.conf"))
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining("unknown key \"insecur\"");
    }

    @Test
    void locationWithSchemeIsRejected() {
        assertThatThrownBy(() -> RegistriesConf.parse("[[registry]]\nlocation = \"https://r.example\"\n", "f.conf"))
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining("scheme");
    }

    @Test
    void duplicatePrefixInOneFileIsRejected() {
        assertThatThrownBy(() -> RegistriesConf.parse("[[registry]]\nlocation = \"r\"\n[[registry]]\nprefix = \"r\"\nlocation = \"s\"\n", "f.conf"))
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining("more than once");
    }

    @Test
    void versionOneFormatIsRejectedWithAHint() {
        assertThatThrownBy(() -> RegistriesConf.parse("[registries.search]\nregistries = [\"docker.io\"]\n", "v1.conf"))
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining("version 1");
    }

    @Test
    void unknownPullFromMirrorValueIsRejected() {
        assertThatThrownBy(() -> RegistriesConf.parse("[[registry]]\nlocation = \"r\"\n[[registry.mirror]]\nlocation = \"m\"\npull-from-mirror = \"sometimes\"\n", "f.conf"))
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining("\"sometimes\"");
    }
}
