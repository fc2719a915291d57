package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RefNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"main", "os/x86_64/stable", "fedora/39/x86_64/silverblue", "a_b-c.d", "0"})
    void validRefsRoundTripThroughTheirCanonicalString(String name) {
        assertThat(RefName.parse(name)).hasToString(name);
        assertThat(RefName.parse(name).relativePath()).isEqualTo("refs/heads/" + name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/main", "main/", "a//b", "../x", "a/../b", ".hidden", "-x", "a b", "a\0b", "a/.b"})
    void refsThatCouldEscapeOrThatOstreeRejectsFailQuotingTheInput(String name) {
        assertThatThrownBy(() -> RefName.parse(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + name + "\"");
        assertThat(RefName.tryParse(name)).isEmpty();
    }

    @Test
    void remoteRefsLiveUnderRefsRemotes() {
        RefName r = RefName.parse("origin:os/stable");
        assertThat(r.kind()).isEqualTo(RefName.Kind.REMOTE);
        assertThat(r.remoteName()).contains("origin");
        assertThat(r.relativePath()).isEqualTo("refs/remotes/origin/os/stable");
        assertThat(r).hasToString("origin:os/stable");
    }

    @Test
    void mirrorRefsNeedAReverseDnsCollectionId() {
        assertThat(RefName.mirror("org.example.Os", "stable").relativePath()).isEqualTo("refs/mirrors/org.example.Os/stable");
        assertThatThrownBy(() -> RefName.mirror("../x", "stable")).hasMessageContaining("../x");
    }
}
