package io.bootc4j.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.boot.internal.GrubMenuEntries;
import io.bootc4j.boot.internal.SyslinuxBootloader;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import io.bootc4j.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our BLS entries, loader swap and bootloader outputs against what ostree 2022.7 itself writes and reads. */
@Interop({"ostree"})
class OstreeInteropTest {

    @TempDir
    Path dir;

    private static List<BootEntryFile> sorted(Path entriesDir) throws Exception {
        List<BootEntryFile> list = new ArrayList<>(BootEntryFile.readDirectory(entriesDir));
        list.sort(BootEntryFile.OSTREE_ORDER);
        return list;
    }

    /** Deployment serials in `ostree admin status` order. */
    private static List<String> statusSerials(Path root) {
        String out = OstreeCli.admin(root, "status").assertSuccess().stdout();
        List<String> serials = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^[* ] testos [0-9a-f]{64}\\.(\\d+)").matcher(out);
        while (m.find()) {
            serials.add(m.group(1));
        }
        return serials;
    }

    /** The deployment serial an entry boots: its ostree= bootlink points at deploy/CSUM.SERIAL. */
    private static String serialOf(Path root, BootEntry e) throws Exception {
        String ostree = e.kernelArgs().lastValue("ostree").orElseThrow();
        String target = Files.readSymbolicLink(root.resolve(ostree.substring(1))).getFileName().toString();
        return target.substring(target.lastIndexOf('.') + 1);
    }

    @AfterEach
    void clearImmutableDeployments() throws Exception {
        // ostree sets FS_IMMUTABLE_FL on each deployment root; @TempDir could not delete them.
        if (Files.isDirectory(dir.resolve("sysroot"))) {
            TestSysroot.at(dir.resolve("sysroot")).clearImmutable();
        }
    }

    @ParameterizedTest
    @EnumSource(LoaderGenerations.Step.class)
    void ostreeStillReadsTheSysrootAfterACrashAtAnySwapStep(LoaderGenerations.Step crashAt) throws Exception {
        TestSysroot s = TestSysroot.create(dir, null);
        s.deploy("--karg=root=/dev/vda1");
        s.deploy("--karg=root=/dev/vda1");
        List<String> serials = statusSerials(s.root);
        List<BootEntryFile> old = sorted(s.entriesDir());
        List<BootEntryFile> next = s.nextGeneration(k -> k.append("crash=test"));
        LoaderGenerations crashing = LoaderGenerations.open(s.root).withHook((step, detail) -> {
            if (step == crashAt) {
                throw new java.io.IOException("injected crash before " + step);
            }
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> crashing.swap(next, Bootloaders.none()))
                .hasMessageContaining("injected crash");
        List<BootEntryFile> active = sorted(s.entriesDir());
        assertThat(active).isEqualTo(crashAt == LoaderGenerations.Step.FSYNC_BOOT ? sortedCopy(next) : old);
        assertThat(statusSerials(s.root)).isEqualTo(serials);
    }

    private static List<BootEntryFile> sortedCopy(List<BootEntryFile> list) {
        List<BootEntryFile> copy = new ArrayList<>(list);
        copy.sort(BootEntryFile.OSTREE_ORDER);
        return copy;
    }

    private static List<String> serials(Path root, List<BootEntryFile> entries) throws Exception {
        List<String> out = new ArrayList<>();
        for (BootEntryFile f : entries) {
            out.add(serialOf(root, f.entry()));
        }
        return out;
    }

    @Test
    void ostreeReadsALoaderGenerationWeWroteAndDeploysOnTopOfIt() throws Exception {
        TestSysroot s = TestSysroot.create(dir, null);
        s.deploy("--karg=root=/dev/vda1");
        s.deploy("--karg=root=/dev/vda1");
        List<String> before = statusSerials(s.root);
        int next = LoaderGenerations.open(s.root).nextBootversion();
        List<BootEntryFile> ours = s.nextGeneration(k -> k.append("bootc4j=1"));
        assertThat(LoaderGenerations.open(s.root).swap(ours, Bootloaders.none())).isEqualTo(next);
        assertThat(statusSerials(s.root)).isEqualTo(before);
        // ostree carries our kernel argument into its next deployment: it read our entries.
        s.deploy();
        BootEntry newest = sorted(s.entriesDir()).get(0).entry();
        assertThat(newest.kernelArgs().contains("bootc4j=1")).isTrue();
        assertThat(serials(s.root, sorted(s.entriesDir()))).isEqualTo(statusSerials(s.root));
    }

    @Test
    void kernelArgumentEditsMatchOstreeDeployFlags() throws Exception {
        TestSysroot s = TestSysroot.create(dir, null);
        s.deploy("--karg=root=/dev/vda1", "--karg=console=tty0", "--karg-append=console=ttyS0", "--karg=quiet");
        KernelArgs before = withoutOstree(sorted(s.entriesDir()).get(0).entry().kernelArgs());
        s.deploy("--karg=console=hvc0", "--karg-append=loglevel=3");
        KernelArgs after = withoutOstree(sorted(s.entriesDir()).get(0).entry().kernelArgs());
        assertThat(after).isEqualTo(before.replace("console=hvc0").append("loglevel=3"));
        // 2022.7's --karg-delete takes one argument (a repeated flag keeps only the last).
        s.deploy("--karg-delete=quiet");
        KernelArgs deleted = withoutOstree(sorted(s.entriesDir()).get(0).entry().kernelArgs());
        assertThat(deleted).isEqualTo(after.delete("quiet"));
        s.deploy("--karg-delete=console=hvc0");
        assertThat(withoutOstree(sorted(s.entriesDir()).get(0).entry().kernelArgs()))
                .isEqualTo(deleted.delete("console=hvc0"));
    }

    private static KernelArgs withoutOstree(KernelArgs k) {
        return k.deleteKey("ostree");
    }

    @Test
    void instutilSetKargsMatchesReplaceAndAppend() throws Exception {
        TestSysroot s = TestSysroot.create(dir, null);
        s.deploy("--karg=root=/dev/vda1", "--karg=console=tty0", "--karg=rw");
        KernelArgs before = withoutOstree(sorted(s.entriesDir()).get(0).entry().kernelArgs());
        OstreeCli.admin(s.root, "instutil", "set-kargs", "--merge", "--replace=console=ttyS1",
                "--append=console=hvc0", "extra=1").assertSuccess();
        KernelArgs after = withoutOstree(sorted(s.entriesDir()).get(0).entry().kernelArgs());
        assertThat(after).isEqualTo(before.replace("console=ttyS1").append("console=hvc0").append("extra=1"));
    }

    @Test
    void theRepoConfigsBootloaderSettingOverridesProbingAsInOstree() throws Exception {
        TestSysroot s = TestSysroot.create(dir, null);
        Files.createDirectories(s.root.resolve("boot/grub"));
        Files.writeString(s.root.resolve("boot/grub/grub.cfg"), "");
        assertThat(Bootloaders.detectName(s.root)).isEqualTo("grub2");
        new OstreeCli(s.root.resolve("ostree/repo")).run("config", "set", "sysroot.bootloader", "none").assertSuccess();
        assertThat(Bootloaders.detectName(s.root)).isEqualTo("none");
        new OstreeCli(s.root.resolve("ostree/repo")).run("config", "set", "sysroot.bootloader", "zipl").assertSuccess();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Bootloaders.detectName(s.root))
                .isInstanceOf(BootException.class).hasMessageContaining("bootloader=zipl is not supported");
    }

    @Test
    void syslinuxConfigMatchesWhatOstreeWrites() throws Exception {
        TestSysroot s = TestSysroot.create(dir, null);
        s.deploy("--karg=root=/dev/vda1");
        Files.createDirectories(s.root.resolve("boot/syslinux"));
        Files.createSymbolicLink(s.root.resolve("boot/syslinux/syslinux.cfg"), Path.of("../loader/syslinux.cfg"));
        String previous = "PROMPT 1\nTIMEOUT 50\nDEFAULT Test OS 1 2.0 (ostree:0)\n\n\nLABEL memtest\n\tKERNEL /memtest86+.bin\n\n"
                + "LABEL Test OS 1 2.0 (ostree:0)\n\tKERNEL /boot/ostree/x/vmlinuz\n\tAPPEND y\n";
        Files.writeString(s.root.resolve("boot/loader/syslinux.cfg"), previous);
        assertThat(Bootloaders.detectName(s.root)).isEqualTo("syslinux");
        s.deploy("--karg-append=quiet");
        String ostreeWrote = Files.readString(s.root.resolve("boot/loader/syslinux.cfg"));
        assertThat(SyslinuxBootloader.rewrite("previous", previous, sorted(s.entriesDir()))).isEqualTo(ostreeWrote);
    }

    @Test
    void ubootEnvironmentMatchesWhatOstreeWrites() throws Exception {
        TestSysroot s = TestSysroot.create(dir, "fdt_high=0xffffffff\nbootdelay=1\n");
        s.deploy("--karg=root=/dev/mmcblk0p2");
        Files.writeString(s.root.resolve("boot/loader/uEnv.txt"), "placeholder\n");
        assertThat(Bootloaders.detectName(s.root)).isEqualTo("uboot");
        s.deploy("--karg-append=console=ttyS0");
        int bv = s.bootversion();
        String ostreeWrote = Files.readString(s.root.resolve("boot/loader/uEnv.txt"));
        Files.createDirectories(s.root.resolve("boot/loader." + (1 - bv)));
        Bootloaders.uboot().writeConfig(s.root, 1 - bv, sorted(s.entriesDir()));
        assertThat(Files.readString(s.root.resolve("boot/loader." + (1 - bv) + "/uEnv.txt"))).isEqualTo(ostreeWrote);
        assertThat(ostreeWrote).contains("fdt_high=0xffffffff\nbootdelay=1\n");
    }

    @Test
    void grubMenuEntriesMatchOstreeInstutilGrub2Generate() throws Exception {
        TestSysroot s = TestSysroot.create(dir, null);
        s.deploy("--karg=root=/dev/vda1");
        s.deploy("--karg=root=/dev/vda1", "--karg-append=it's=quoted");
        String prepare = "insmod part_gpt\nsearch --no-floppy --fs-uuid --set=root 1234";
        String ostreeOut = Processes.run(List.of("ostree", "admin", "instutil", "grub2-generate",
                        "--sysroot=" + s.root, Integer.toString(s.bootversion())), null,
                Map.of("GRUB2_BOOT_DEVICE_ID", "dev-1234", "GRUB2_PREPARE_ROOT_CACHE", prepare),
                Duration.ofMinutes(1)).assertSuccess().stdout();
        assertThat(GrubMenuEntries.render(sorted(s.entriesDir()), "dev-1234", prepare, "")).isEqualTo(ostreeOut);
    }
}
