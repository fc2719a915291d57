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
        Path deploy = dir.resolve("sysroot/ostree/deploy/" + TestSysroot.STATEROOT + "/deploy");
        if (Files.isDirectory(deploy)) {
            try (var s = Files.list(deploy)) {
                for (Path d : s.filter(Files::isDirectory).toList()) {
                    Processes.run(List.of("chattr", "-i", d.toString())).assertSuccess();
                }
            }
        }
    }

    @Test
    void entriesOstreeDeployWritesParseOrderAndReRenderByteIdentically() throws Exception {
        TestSysroot s = TestSysroot.create(dir, null);
        s.deploy("--karg=root=/dev/vda1", "--karg=rw");
        s.deploy("--karg=root=/dev/vda1", "--karg=rw", "--karg-append=console=ttyS0");
        List<BootEntryFile> entries = sorted(s.entriesDir());
        assertThat(entries).extracting(BootEntryFile::fileName).containsExactly("ostree-2-testos.conf", "ostree-1-testos.conf");
        for (BootEntryFile f : entries) {
            byte[] onDisk = Files.readAllBytes(s.entriesDir().resolve(f.fileName()));
            assertThat(f.entry().render()).isEqualTo(new String(onDisk, java.nio.charset.StandardCharsets.UTF_8));
        }
        // Our order is ostree's deployment order: `ostree admin status` lists the same serials.
        assertThat(serials(s.root, entries)).isEqualTo(statusSerials(s.root));
        assertThat(entries.get(0).entry().kernelArgs().lastValue("console")).contains("ttyS0");
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
        int bv = s.bootversion();
        int next = 1 - bv;
        // A generation must boot through its own bootlinks (ostree/boot.N -> boot.N.0/…), as ostree's do.
        Path links = s.root.resolve("ostree/boot." + next + ".0");
        List<BootEntryFile> ours = new ArrayList<>();
        for (BootEntryFile f : sorted(s.entriesDir())) {
            String ostree = f.entry().kernelArgs().lastValue("ostree").orElseThrow();
            String rel = ostree.substring(("/ostree/boot." + bv + "/").length());
            Path link = links.resolve(rel);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, Files.readSymbolicLink(s.root.resolve(ostree.substring(1))));
            KernelArgs k = f.entry().kernelArgs().replace("ostree=/ostree/boot." + next + "/" + rel).append("bootc4j=1");
            ours.add(new BootEntryFile(f.fileName(), f.entry().toBuilder().options(k).build()));
        }
        Files.createSymbolicLink(s.root.resolve("ostree/boot." + next), Path.of("boot." + next + ".0"));
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
        // (2022.7's deploy --karg-delete passes its whole option array as one string, so it is not compared here.)
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
