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

    /** An existing sysroot directory. */
    static TestSysroot at(Path root) {
        return new TestSysroot(root);
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

    /**
     * The current entries rewritten for the next generation: bootlinks {@code ostree/boot.N.0/…}
     * and {@code ostree/boot.N} created for the next bootversion N (as ostree does before its
     * swap), {@code ostree=} pointed at them, and {@code edit} applied to every command line.
     */
    List<BootEntryFile> nextGeneration(java.util.function.UnaryOperator<KernelArgs> edit) throws IOException {
        int bv = bootversion();
        int next = 1 - bv;
        Path links = root.resolve("ostree/boot." + next + ".0");
        List<BootEntryFile> out = new ArrayList<>();
        for (BootEntryFile f : BootEntryFile.readDirectory(entriesDir())) {
            String ostree = f.entry().kernelArgs().lastValue("ostree").orElseThrow();
            String rel = ostree.substring(("/ostree/boot." + bv + "/").length());
            Path link = links.resolve(rel);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, Files.readSymbolicLink(root.resolve(ostree.substring(1))));
            KernelArgs k = edit.apply(f.entry().kernelArgs().replace("ostree=/ostree/boot." + next + "/" + rel));
            out.add(new BootEntryFile(f.fileName(), f.entry().toBuilder().options(k).build()));
        }
        Files.createSymbolicLink(root.resolve("ostree/boot." + next), Path.of("boot." + next + ".0"));
        return out;
    }

    /** Clears the immutable flag ostree puts on deployment roots so the directory can be deleted. */
    void clearImmutable() throws IOException {
        Path deploy = root.resolve("ostree/deploy/" + STATEROOT + "/deploy");
        if (Files.isDirectory(deploy)) {
            try (var s = Files.list(deploy)) {
                for (Path d : s.filter(Files::isDirectory).toList()) {
                    run(List.of("chattr", "-i", d.toString()));
                }
            }
        }
    }

    private static void run(List<String> cmd) {
        io.bootc4j.testing.Processes.run(cmd).assertSuccess();
    }
}
