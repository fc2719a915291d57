package io.bootc4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestTreesTest {

    @TempDir
    static Path shared;
    static Path tree;

    @TempDir
    Path dir;
    Path copy;

    @BeforeAll
    static void buildTheReferenceTree() {
        tree = TestTrees.everyKind(shared.resolve("a"), 42);
    }

    @BeforeEach
    void buildACopyFromTheSameSeed() {
        copy = TestTrees.everyKind(dir.resolve("b"), 42);
    }

    @Test
    void theSameSeedGivesTheSameTree() {
        TestTrees.assertSameTree(tree, copy);
    }

    @Test
    void theSeedlessOverloadsUseTheDefaultSeed() {
        TestTrees.assertSameTree(TestTrees.realisticOs(dir.resolve("x")),
                TestTrees.realisticOs(dir.resolve("y"), TestTrees.DEFAULT_SEED));
    }

    @Test
    void anotherSeedGivesDifferentContent() {
        Path other = TestTrees.everyKind(dir.resolve("c"), 43);
        assertThatThrownBy(() -> TestTrees.assertSameTree(tree, other)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("large.bin: content differs")
                .hasMessageContaining("with-xattrs: user xattrs");
    }

    @Test
    void everyKindHoldsEachKindOfEntry() throws Exception {
        assertThat(mode(tree.resolve("setuid-helper"))).isEqualTo(04755);
        assertThat(mode(tree.resolve("setgid-helper"))).isEqualTo(02755);
        assertThat(mode(tree.resolve("secret-0600"))).isEqualTo(0600);
        assertThat(mode(tree.resolve("private-0700"))).isEqualTo(0700);
        assertThat(mode(tree.resolve("sticky-tmp"))).isEqualTo(01777);
        assertThat(mode(tree.resolve("run.sh"))).isEqualTo(0755);
        assertThat(Files.size(tree.resolve("large.bin"))).isEqualTo(TestTrees.LARGE_FILE_SIZE);
        assertThat(Files.size(tree.resolve("empty"))).isZero();
        assertThat(Files.readSymbolicLink(tree.resolve("links/relative"))).hasToString("target.txt");
        assertThat(Files.readSymbolicLink(tree.resolve("links/absolute")).isAbsolute()).isTrue();
        assertThat(Files.exists(tree.resolve("links/dangling"))).isFalse();
        assertThat(Files.readSymbolicLink(tree.resolve("links/long-target")).toString()).hasSize(1000);
        assertThat(Files.isSameFile(tree.resolve("hardlinks/first"), tree.resolve("hardlinks-elsewhere/third"))).isTrue();
        assertThat(Files.getAttribute(tree.resolve("hardlinks/first"), "unix:nlink")).isEqualTo(3);
        assertThat(Files.list(tree.resolve("names")).map(p -> p.getFileName().toString()))
                .contains("B", "a", "_x", "Ä", "ünïcødé-名前-🙂");
        assertThat(Files.walk(tree.resolve("deep")).mapToInt(p -> p.getNameCount()).max().orElseThrow()
                - tree.getNameCount()).isEqualTo(42);
        assertThat(LayerTar.userXattrs(tree.resolve("dir-with-xattr"))).containsEntry("bootc4j.dir", "on a directory");
    }

    @Test
    void realisticOsHasAKernelAndUsrEtc() throws Exception {
        Path os = TestTrees.realisticOs(dir.resolve("os"), 1);
        Path modules = os.resolve("usr/lib/modules/" + TestTrees.KERNEL_VERSION);
        assertThat(Files.size(modules.resolve("vmlinuz"))).isPositive();
        assertThat(modules.resolve("initramfs.img")).isRegularFile();
        assertThat(os.resolve("usr/etc/passwd")).content().startsWith("root:x:0:0:");
        assertThat(os.resolve("usr/etc/os-release").toRealPath()).isEqualTo(os.resolve("usr/lib/os-release").toRealPath());
        assertThat(os.resolve("etc")).doesNotExist();
        assertThat(Files.readSymbolicLink(os.resolve("bin"))).hasToString("usr/bin");

        Path rootfs = TestTrees.realisticContainerRootfs(dir.resolve("rootfs"), 1);
        assertThat(rootfs.resolve("etc/os-release").toRealPath()).isEqualTo(rootfs.resolve("usr/lib/os-release").toRealPath());
        assertThat(rootfs.resolve("usr/etc")).doesNotExist();
    }

    @Test
    void assertSameTreeReportsEachDifferenceWithItsPath() throws Exception {
        Files.writeString(copy.resolve("regular.txt"), "changed");
        TestTrees.setMode(copy.resolve("run.sh"), 0644);
        Files.delete(copy.resolve("empty"));
        Files.writeString(copy.resolve("extra"), "new");
        Files.delete(copy.resolve("links/relative"));
        Files.createSymbolicLink(copy.resolve("links/relative"), Path.of("elsewhere"));
        Files.delete(copy.resolve("links/target.txt"));
        Files.createDirectory(copy.resolve("links/target.txt"));

        assertThatThrownBy(() -> TestTrees.assertSameTree(tree, copy)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("(6 differences)")
                .hasMessageContaining("regular.txt: size 200 became 7")
                .hasMessageContaining("run.sh: mode 0755 became 0644")
                .hasMessageContaining("empty: missing")
                .hasMessageContaining("extra: unexpected")
                .hasMessageContaining("links/relative: symlink target \"target.txt\" became \"elsewhere\"")
                .hasMessageContaining("links/target.txt: type regular file became directory");
    }

    @Test
    void sameSizeContentChangesAreFound() throws Exception {
        byte[] bytes = Files.readAllBytes(copy.resolve("large.bin"));
        bytes[bytes.length - 1] ^= 1;
        Files.write(copy.resolve("large.bin"), bytes);
        assertThatThrownBy(() -> TestTrees.assertSameTree(tree, copy)).hasMessageContaining("large.bin: content differs");
    }

    @Test
    void xattrAndOwnershipDifferencesCanBeIgnored() throws Exception {
        TestTrees.setXattr(copy.resolve("regular.txt"), "user.extra", "x");
        Files.setAttribute(copy.resolve("run.sh"), "unix:uid", 4242, LinkOption.NOFOLLOW_LINKS);
        TestTrees.setMode(copy.resolve("run.sh"), 0755);
        TestTrees.setMode(copy.resolve("names"), 0750);

        assertThatThrownBy(() -> TestTrees.assertSameTree(tree, copy))
                .hasMessageContaining("regular.txt: user xattrs {} became {extra=x}")
                .hasMessageContaining("run.sh: owner 0:0 became 4242:0")
                .hasMessageContaining("names: mode 0755 became 0750");
        TestTrees.assertSameTree(tree, copy, TestTrees.Compare.IGNORE_XATTRS, TestTrees.Compare.IGNORE_OWNERSHIP,
                TestTrees.Compare.IGNORE_DIRECTORY_MODES);
    }

    @Test
    void setXattrRefusesNamespacesJavaCannotWrite() {
        assertThatThrownBy(() -> TestTrees.setXattr(tree.resolve("empty"), "security.selinux", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("security.selinux");
    }

    private static int mode(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }
}
