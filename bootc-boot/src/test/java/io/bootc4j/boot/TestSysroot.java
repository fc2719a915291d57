package io.bootc4j.boot;

import io.bootc4j.testing.OstreeCli;
import io.bootc4j.testing.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A scratch sysroot built by the real ostree CLI: init-fs, os-init, a tiny kernel tree, deploys. */
final class TestSysroot {

    static final String STATEROOT = "testos";
    static final String REF = "testos/stable";

    final Path root;

    private TestSysroot(Path root) {
        this.root = root;
    }

    /** {@code ostree admin init-fs} + {@code os-init}, and one commit with a kernel, initramfs and os-release. */
    static TestSysroot create(Path dir, String extraUenv) throws IOException {
        Path root = dir.resolve("sysroot");
        Files.createDirectories(root);
        run(List.of("ostree", "admin", "init-fs", root.toString()));
        OstreeCli.admin(root, "os-init", STATEROOT).assertSuccess();
        Path tree = dir.resolve("tree");
        Path modules = tree.resolve("usr/lib/modules/6.1.0-test");
        Files.createDirectories(modules);
        Files.writeString(modules.resolve("vmlinuz"), "KERNEL\n");
        Files.writeString(modules.resolve("initramfs.img"), "INITRD\n");
        Files.createDirectories(tree.resolve("usr/etc"));
        Files.writeString(tree.resolve("usr/etc/os-release"), "PRETTY_NAME=\"Test OS 1\"\nID=testos\n");
        if (extraUenv != null) {
            Files.createDirectories(tree.resolve("usr/lib/ostree-boot"));
            Files.writeString(tree.resolve("usr/lib/ostree-boot/uEnv.txt"), extraUenv);
        }
        new OstreeCli(root.resolve("ostree/repo")).run("commit", "-b", REF, "--tree=dir=" + tree,
                "--add-metadata-string=version=2.0").assertSuccess();
        return new TestSysroot(root);
    }

    /** {@code ostree admin deploy --os=testos ARGS… testos/stable}. */
    ProcessResult deploy(String... args) {
        List<String> a = new ArrayList<>(List.of("--os=" + STATEROOT));
        a.addAll(List.of(args));
        a.add(REF);
        return OstreeCli.admin(root, "deploy", a.toArray(String[]::new)).assertSuccess();
    }

    Path entriesDir() {
        return root.resolve("boot/loader/entries");
    }

    int bootversion() throws IOException {
        return LoaderGenerations.open(root).currentBootversion();
    }

    private static void run(List<String> cmd) {
        io.bootc4j.testing.Processes.run(cmd).assertSuccess();
    }
}
