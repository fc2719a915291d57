package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RepoConfigTest {

    @Test
    void freshConfigIsByteIdenticalToOstreeInit() {
        assertThat(RepoConfig.forMode(RepoMode.BARE_USER).toText()).isEqualTo("[core]\nrepo_version=1\nmode=bare-user\n");
        assertThat(RepoConfig.forMode(RepoMode.ARCHIVE).toText()).isEqualTo("[core]\nrepo_version=1\nmode=archive-z2\n");
    }

    @Test
    void archiveAndArchiveZ2AreTheSameMode() {
        assertThat(RepoConfig.parse("[core]\nrepo_version=1\nmode=archive\n", "c").mode()).isEqualTo(RepoMode.ARCHIVE);
        assertThat(RepoMode.parse("archive-z2")).isEqualTo(RepoMode.ARCHIVE);
    }

    @Test
    void missingModeMeansBareAndDefaultsFollowOstree() {
        RepoConfig c = RepoConfig.parse("[core]\nrepo_version=1\n", "c");
        assertThat(c.mode()).isEqualTo(RepoMode.BARE);
        assertThat(c.fsync()).isTrue();
        assertThat(c.zlibLevel()).isEqualTo(6);
        assertThat(c.lockTimeoutSeconds()).isEqualTo(30);
    }

    @Test
    void unknownModeIsRejectedNamingTheMode() {
        assertThatThrownBy(() -> RepoConfig.parse("[core]\nrepo_version=1\nmode=bare-tar\n", "cfg"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bare-tar");
    }

    @Test
    void wrongVersionAndBadBooleanNameTheSourceAndKey() {
        assertThatThrownBy(() -> RepoConfig.parse("[core]\nrepo_version=2\n", "/r/config"))
                .hasMessageContaining("/r/config").hasMessageContaining("repo_version=2");
        assertThatThrownBy(() -> RepoConfig.parse("[core]\nrepo_version=1\nfsync=maybe\n", "/r/config"))
                .hasMessageContaining("fsync=\"maybe\"");
        assertThatThrownBy(() -> RepoConfig.parse("[core\nrepo_version=1\n", "/r/config"))
                .hasMessageContaining("line 1");
    }

    @Test
    void unknownGroupsKeysAndCommentsSurviveARewrite() {
        String text = "# managed by hand\n[core]\nrepo_version=1\nmode=bare\n\n[remote \"origin\"]\nurl=https://example.com/repo\ngpg-verify=false\n";
        RepoConfig c = RepoConfig.parse(text, "c").with("core", "fsync", "false");
        assertThat(c.fsync()).isFalse();
        assertThat(c.get("remote \"origin\"", "url")).contains("https://example.com/repo");
        assertThat(c.toText()).startsWith("# managed by hand\n[core]\n").contains("fsync=false\n")
                .contains("\n\n[remote \"origin\"]\nurl=https://example.com/repo\n");
        assertThat(RepoConfig.parse(c.toText(), "c")).isEqualTo(c);
    }
}
