package io.bootc4j.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootloadersTest {

    static final String CSUM = BootEntryTest.CSUM;

    @TempDir
    Path sysroot;

    static List<BootEntryFile> twoDeployments(int bootversion) throws Exception {
        String dir = "/ostree/testos-" + CSUM;
        String bootlink = "/ostree/boot." + bootversion + "/testos/" + CSUM;
        return List.of(
                new BootEntryFile("ostree-2-testos.conf", BootEntry.parse("a", "title Test OS 1 2.0 (ostree:0)\nversion 2\n"
                        + "options root=/dev/vda1 rw ostree=" + bootlink + "/0 quiet foo=bar\nlinux " + dir
                        + "/vmlinuz-6.1.0-test\ninitrd " + dir + "/initramfs-6.1.0-test.img\n")),
                new BootEntryFile("ostree-1-testos.conf", BootEntry.parse("b", "title Test OS 1 2.0 (ostree:1)\nversion 1\n"
                        + "options root=/dev/vda1 rw ostree=" + bootlink + "/1 quiet\nlinux " + dir
                        + "/vmlinuz-6.1.0-test\ninitrd " + dir + "/initramfs-6.1.0-test.img\n")));
    }

    @Test
    void syslinuxKeepsForeignLabelsDropsOstreeOnesAndAppendsEntriesAsOstreeDoes() throws Exception {
        Files.createDirectories(sysroot.resolve("boot/syslinux"));
        Files.createDirectories(sysroot.resolve("boot/loader.0"));
        Files.createSymbolicLink(sysroot.resolve("boot/loader"), Path.of("loader.0"));
        Files.createSymbolicLink(sysroot.resolve("boot/syslinux/syslinux.cfg"), Path.of("../loader/syslinux.cfg"));
        Files.writeString(sysroot.resolve("boot/loader/syslinux.cfg"), "PROMPT 1\nTIMEOUT 50\nDEFAULT ostree:0\n\n"
                + "LABEL other\n\tKERNEL /vmlinuz-other\n\tAPPEND root=/dev/sda2\n\n"
                + "LABEL oldostree\n\tKERNEL /ostree/foo/vmlinuz\n\tAPPEND x\n");
        assertThat(Bootloaders.detectName(sysroot)).isEqualTo("syslinux");
        Files.createDirectories(sysroot.resolve("boot/loader.1"));
        Bootloaders.detect(sysroot).writeConfig(sysroot, 1, twoDeployments(1));
        // Captured from `ostree admin deploy` (2022.7) on the same sysroot.
        String dir = "/boot/ostree/testos-" + CSUM;
        String link = "/ostree/boot.1/testos/" + CSUM;
        assertThat(Files.readString(sysroot.resolve("boot/loader.1/syslinux.cfg"))).isEqualTo(
                "PROMPT 1\nTIMEOUT 50\n\nLABEL other\n\tKERNEL /vmlinuz-other\n\tAPPEND root=/dev/sda2\n"
                + "DEFAULT Test OS 1 2.0 (ostree:0)\n"
                + "LABEL Test OS 1 2.0 (ostree:0)\n\tKERNEL " + dir + "/vmlinuz-6.1.0-test\n\tINITRD " + dir
                + "/initramfs-6.1.0-test.img\n\tAPPEND root=/dev/vda1 rw ostree=" + link + "/0 quiet foo=bar\n"
                + "LABEL Test OS 1 2.0 (ostree:1)\n\tKERNEL " + dir + "/vmlinuz-6.1.0-test\n\tINITRD " + dir
                + "/initramfs-6.1.0-test.img\n\tAPPEND root=/dev/vda1 rw ostree=" + link + "/1 quiet\n");
    }

    @Test
    void syslinuxLabelWithoutKernelIsRefusedWithTheLine() {
        assertThatThrownBy(() -> io.bootc4j.boot.internal.SyslinuxBootloader.rewrite("s.cfg",
                "PROMPT 0\nLABEL broken\n\tAPPEND x\n", List.of()))
                .hasMessage("s.cfg:2: no KERNEL argument found after LABEL");
    }

    @Test
    void ubootWritesNumberedVariablesAndAppendsTheDeploymentsUenv() throws Exception {
        Files.createDirectories(sysroot.resolve("boot/loader.0"));
        Files.createSymbolicLink(sysroot.resolve("boot/loader"), Path.of("loader.0"));
        Files.writeString(sysroot.resolve("boot/loader/uEnv.txt"), "old\n");
        Path deployment = sysroot.resolve("ostree/boot.1/testos/" + CSUM + "/0/usr/lib/ostree-boot");
        Files.createDirectories(deployment);
        Files.writeString(deployment.resolve("uEnv.txt"), "fdt_high=0xffffffff\n");
        assertThat(Bootloaders.detectName(sysroot)).isEqualTo("uboot");
        Files.createDirectories(sysroot.resolve("boot/loader.1"));
        Bootloaders.detect(sysroot).writeConfig(sysroot, 1, twoDeployments(1));
        String dir = "/boot/ostree/testos-" + CSUM;
        String link = "/ostree/boot.1/testos/" + CSUM;
        assertThat(Files.readString(sysroot.resolve("boot/loader.1/uEnv.txt"))).isEqualTo(
                "kernel_image=" + dir + "/vmlinuz-6.1.0-test\nramdisk_image=" + dir + "/initramfs-6.1.0-test.img\n"
                + "bootargs=root=/dev/vda1 rw ostree=" + link + "/0 quiet foo=bar\n"
                + "fdt_high=0xffffffff\n\n"
                + "kernel_image2=" + dir + "/vmlinuz-6.1.0-test\nramdisk_image2=" + dir + "/initramfs-6.1.0-test.img\n"
                + "bootargs2=root=/dev/vda1 rw ostree=" + link + "/1 quiet\n");
    }

    @Test
    void grubMenuModeWritesOstreeStyleMenuEntries() throws Exception {
        Files.createDirectories(sysroot.resolve("boot/loader.1"));
        Bootloaders.grub2Menu("abc", "search --no-floppy --fs-uuid --set=root xyz", "")
                .writeConfig(sysroot, 1, List.of(twoDeployments(1).get(0)));
        String dir = "/ostree/testos-" + CSUM;
        assertThat(Files.readString(sysroot.resolve("boot/loader.1/grub.cfg"))).isEqualTo(
                "menuentry 'Test OS 1 2.0 (ostree:0)' --class gnu-linux --class gnu --class os --unrestricted 'ostree-0-abc' {\n"
                + "load_video\nset gfxpayload=keep\ninsmod gzio\nsearch --no-floppy --fs-uuid --set=root xyz\n"
                + "linux " + dir + "/vmlinuz-6.1.0-test root=/dev/vda1 rw ostree=/ostree/boot.1/testos/" + CSUM
                + "/0 quiet foo=bar\ninitrd " + dir + "/initramfs-6.1.0-test.img\n}\n");
    }

    @Test
    void grubIsDetectedByBiosOrEfiConfigButNotByTheFallbackBootDirectory() throws Exception {
        Files.createDirectories(sysroot.resolve("boot/efi/EFI/BOOT"));
        Files.writeString(sysroot.resolve("boot/efi/EFI/BOOT/grub.cfg"), "");
        assertThat(Bootloaders.detectName(sysroot)).isEqualTo("none");
        Files.createDirectories(sysroot.resolve("boot/efi/EFI/debian"));
        Files.writeString(sysroot.resolve("boot/efi/EFI/debian/grub.cfg"), "");
        assertThat(Bootloaders.detectName(sysroot)).isEqualTo("grub2");
    }

    @Test
    void systemdBootCopiesEntriesToTheEspWithBootCountingAndSetsTheDefault() throws Exception {
        Path esp = sysroot.resolve("boot/efi");
        Files.createDirectories(esp.resolve("loader/entries"));
        Files.writeString(esp.resolve("loader/loader.conf"), "timeout 3\nconsole-mode max\n");
        Files.writeString(esp.resolve("loader/entries/ostree-1-testos+1-2.conf"), "title old\nlinux /v\n");
        Files.writeString(esp.resolve("loader/entries/ostree-9-testos.conf"), "title stale\nlinux /v\n");
        Files.writeString(esp.resolve("loader/entries/windows.conf"), "title Windows\nefi /w.efi\n");
        assertThat(Bootloaders.detectName(sysroot)).isEqualTo("systemd-boot");
        Bootloaders.systemdBoot(esp, Optional.of(Duration.ofSeconds(5)), 3, "ostree-")
                .writeConfig(sysroot, 1, twoDeployments(1));
        try (var s = Files.list(esp.resolve("loader/entries"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "ostree-2-testos+3.conf", "ostree-1-testos+1-2.conf", "windows.conf");
        }
        assertThat(Files.readString(esp.resolve("loader/loader.conf")))
                .isEqualTo("timeout 5\nconsole-mode max\ndefault ostree-2-testos.conf\n");
        assertThat(BootEntryFile.read(esp.resolve("loader/entries/ostree-2-testos+3.conf")).entry())
                .isEqualTo(twoDeployments(1).get(0).entry());
    }

    @Test
    void bootCountedNamesFollowSystemdBoot() {
        BootCountedName n = BootCountedName.parse("fedora-6.1+3.conf");
        assertThat(n.id()).isEqualTo("fedora-6.1");
        assertThat(n.afterBootAttempt().orElseThrow().fileName()).isEqualTo("fedora-6.1+2-1.conf");
        assertThat(n.afterBootAttempt().orElseThrow().afterBootAttempt().orElseThrow()
                .afterBootAttempt().orElseThrow().isBad()).isTrue();
        assertThat(BootCountedName.parse("x+0-3.conf").afterBootAttempt()).isEmpty();
        assertThat(BootCountedName.parse("x+1-2.conf").markGood().fileName()).isEqualTo("x.conf");
        assertThat(BootCountedName.parse("x+1-2.conf").markBad().fileName()).isEqualTo("x+0-2.conf");
        assertThat(BootCountedName.parse("plain.conf").left()).isEmpty();
    }
}
