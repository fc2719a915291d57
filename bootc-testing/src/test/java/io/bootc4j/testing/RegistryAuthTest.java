package io.bootc4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegistryAuthTest {

    @Test
    void credentialsAreUserColonPasswordAndAbsentWithoutAuth() {
        assertThat(RegistryServer.Auth.basic("alice", "pa:ss").credentials()).contains("alice:pa:ss");
        assertThat(RegistryServer.Auth.none().credentials()).isEmpty();
    }

    @Test
    void toStringNeverShowsThePassword() {
        assertThat(RegistryServer.Auth.bearer("bob", "hunter2").withAnonymousPull().toString())
                .isEqualTo("Auth[bearer bob, anonymous pull]")
                .doesNotContain("hunter2");
    }

    @Test
    void aUserNameWithAColonIsRejectedByName() {
        assertThatThrownBy(() -> RegistryServer.Auth.basic("a:b", "pw")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"a:b\"");
        assertThatThrownBy(() -> RegistryServer.Auth.bearer("", "pw")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anonymousPullIsOnlyABearerOption() {
        assertThatThrownBy(() -> RegistryServer.Auth.basic("a", "b").withAnonymousPull())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BASIC");
    }

    @Test
    void tokenLifetimeIsABearerOptionOfAtLeastOneSecond() {
        assertThat(RegistryServer.Auth.bearer("a", "b").tokenLifetime())
                .isEqualTo(RegistryServer.Auth.DEFAULT_TOKEN_LIFETIME);
        assertThatThrownBy(() -> RegistryServer.Auth.none().withTokenLifetime(java.time.Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NONE");
        assertThatThrownBy(() -> RegistryServer.Auth.bearer("a", "b").withTokenLifetime(java.time.Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0.01S");
    }
}
