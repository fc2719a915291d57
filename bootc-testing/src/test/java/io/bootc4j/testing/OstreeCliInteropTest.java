package io.bootc4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Interop("ostree")
class OstreeCliInteropTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"bare", "archive"})
    void ostreeCommitsAndChecksOutEveryKindOfEntryUnchanged(String mode) {
        Path tree = TestTrees.everyKind(dir.resolve("tree"), 9);
        OstreeCli ostree = new OstreeCli(dir.resolve("repo")).init(mode).disableFsync();
        assertThat(ostree.run("config", "get", "core.fsync").assertSuccess().stdout().trim()).isEqualTo("false");

        String commit = ostree.run("commit", "--branch=test/every-kind", "--subject=every kind", "--tree=dir=" + tree)
                .assertSuccess().stdout().trim();
        assertThat(commit).matches("[0-9a-f]{64}");
        ostree.run("fsck").assertSuccess();
        assertThat(ostree.run("rev-parse", "test/every-kind").assertSuccess().stdout().trim()).isEqualTo(commit);

        Path checkout = dir.resolve("checkout");
        ostree.run("checkout", "test/every-kind", checkout.toString()).assertSuccess();
        TestTrees.assertSameTree(tree, checkout);
    }

    @Test
    void realisticOsCommitHasTheKernelWhereOstreeLooksForIt() {
        Path tree = TestTrees.realisticOs(dir.resolve("os"), 1);
        OstreeCli ostree = new OstreeCli(dir.resolve("repo")).init("bare-user");
        ostree.run("commit", "--branch=os/x86_64/stable", "--tree=dir=" + tree).assertSuccess();
        assertThat(ostree.run("config", "get", "core.fsync").stdout().trim()).isNotEqualTo("false");

        String modules = ostree.run("ls", "os/x86_64/stable", "/usr/lib/modules/" + TestTrees.KERNEL_VERSION)
                .assertSuccess().stdout();
        assertThat(modules).contains("vmlinuz", "initramfs.img");
        assertThat(ostree.run("cat", "os/x86_64/stable", "/usr/etc/passwd").assertSuccess().stdout())
                .startsWith("root:x:0:0:");
        assertThat(ostree.run("ls", "os/x86_64/stable", "/").assertSuccess().stdout()).doesNotContain(" /etc\n");
    }

    @Test
    void aModifiedCheckoutNoLongerMatches() throws Exception {
        Path tree = TestTrees.everyKind(dir.resolve("tree"), 4);
        OstreeCli ostree = new OstreeCli(dir.resolve("repo")).init("bare").disableFsync();
        ostree.run("commit", "--branch=t", "--tree=dir=" + tree).assertSuccess();
        Path checkout = dir.resolve("checkout");
        ostree.run("checkout", "--force-copy", "t", checkout.toString()).assertSuccess();
        java.nio.file.Files.writeString(checkout.resolve("regular.txt"), "changed");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestTrees.assertSameTree(tree, checkout))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("regular.txt: size");
    }
}
