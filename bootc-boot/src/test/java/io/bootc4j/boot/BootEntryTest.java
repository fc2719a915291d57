package io.bootc4j.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootEntryTest {

    static final String CSUM = "17612c28493179493cec7117ab3ddc13e8e1a3931fed6877f704b3b6968e0fe7";
    /** What `ostree admin deploy` 2022.7 wrote for the newest of two deployments. */
    static final String OSTREE_ENTRY = "title Test OS 1 2.0 (ostree:0)\n"
            + "version 2\n"
            + "options root=/dev/vda1 rw ostree=/ostree/boot.0/testos/" + CSUM + "/0 quiet\n"
            + "linux /ostree/testos-" + CSUM + "/vmlinuz-6.1.0-test\n"
            + "initrd /ostree/testos-" + CSUM + "/initramfs-6.1.0-test.img\n";

    @Test
    void ostreeEntryParsesAndReRendersByteForByte() throws Exception {
        BootEntry e = BootEntry.parse("ostree-2-testos.conf", OSTREE_ENTRY);
        assertThat(e.title()).contains("Test OS 1 2.0 (ostree:0)");
        assertThat(e.version()).contains("2");
        assertThat(e.linux()).contains("/ostree/testos-" + CSUM + "/vmlinuz-6.1.0-test");
        assertThat(e.initrds()).hasSize(1);
        assertThat(e.kernelArgs().lastValue("ostree")).contains("/ostree/boot.0/testos/" + CSUM + "/0");
        assertThat(e.render()).isEqualTo(OSTREE_ENTRY);
    }

    @Test
    void everySpecificationKeyIsReadAndUnknownKeysKeepTheirOrder() throws Exception {
        String text = """
                # a comment
                title Fedora
                version 6.1.0
                machine-id 6a9857a393724b7a981ebb5b8495b9ea
                sort-key fedora
                linux /vmlinuz
                initrd /initrd-1
                initrd /initrd-2
                efi /EFI/x.efi
                options root=/dev/sda1
                options quiet
                devicetree /dtb
                devicetree-overlay /o1.dtbo
                devicetree-overlay /o2.dtbo
                architecture x64
                x-zeta z
                x-alpha a
                """;
        BootEntry e = BootEntry.parse("f.conf", text);
        assertThat(e.machineId()).contains("6a9857a393724b7a981ebb5b8495b9ea");
        assertThat(e.sortKey()).contains("fedora");
        assertThat(e.initrds()).containsExactly("/initrd-1", "/initrd-2");
        assertThat(e.efi()).contains("/EFI/x.efi");
        assertThat(e.options()).containsExactly("root=/dev/sda1", "quiet");
        assertThat(e.kernelArgs().args()).containsExactly("root=/dev/sda1", "quiet");
        assertThat(e.devicetree()).contains("/dtb");
        assertThat(e.devicetreeOverlays()).containsExactly("/o1.dtbo", "/o2.dtbo");
        assertThat(e.architecture()).contains("x64");
        assertThat(e.render()).isEqualTo("""
                title Fedora
                version 6.1.0
                options root=/dev/sda1
                options quiet
                devicetree /dtb
                linux /vmlinuz
                initrd /initrd-1
                initrd /initrd-2
                machine-id 6a9857a393724b7a981ebb5b8495b9ea
                sort-key fedora
                efi /EFI/x.efi
                devicetree-overlay /o1.dtbo
                devicetree-overlay /o2.dtbo
                architecture x64
                x-zeta z
                x-alpha a
                """);
        assertThat(BootEntry.parse("again", e.render())).isEqualTo(BootEntry.parse("again", e.render()));
    }

    @Test
    void indentedLinesAndTabSeparatorsAreAcceptedAsSystemdDoes() throws Exception {
        BootEntry e = BootEntry.parse("i.conf", "  title\tIndented\n\tlinux /v\n\n");
        assertThat(e.title()).contains("Indented");
        assertThat(e.render()).isEqualTo("title Indented\nlinux /v\n");
    }

    @Test
    void builderWritesOstreeKeyOrder() {
        BootEntry e = BootEntry.builder()
                .linux("/vmlinuz").initrd("/initrd").options(KernelArgs.of("root=/dev/vda1", "rw"))
                .version("3").title("OS (ostree:0)").build();
        assertThat(e.render()).isEqualTo("title OS (ostree:0)\nversion 3\noptions root=/dev/vda1 rw\n"
                + "linux /vmlinuz\ninitrd /initrd\n");
    }

    @Test
    void entryWithoutLinuxIsRefusedNamingFileAndLine() {
        assertThatThrownBy(() -> BootEntry.parse("/boot/loader/entries/a.conf", "title A\nversion 1\n"))
                .isInstanceOf(BootFileFormatException.class)
                .hasMessage("/boot/loader/entries/a.conf:2: entry has no \"linux\" (or \"efi\") key");
    }

    @Test
    void malformedLineIsRefusedNamingFileAndLine() {
        assertThatThrownBy(() -> BootEntry.parse("b.conf", "title A\n=broken\nlinux /v\n"))
                .isInstanceOf(BootFileFormatException.class)
                .hasMessageStartingWith("b.conf:2: malformed line \"=broken\"")
                .satisfies(t -> assertThat(((BootFileFormatException) t).line()).isEqualTo(2));
        assertThatThrownBy(() -> BootEntry.parse("c.conf", "title A\nlinux\n"))
                .hasMessage("c.conf:2: key \"linux\" has no value");
    }

    @Test
    void optionsWithUnbalancedQuotesAreRefusedNamingFileAndLine() {
        assertThatThrownBy(() -> BootEntry.parse("d.conf", "title A\nlinux /v\noptions root=/dev/sda1 foo=\"bar\n"))
                .isInstanceOf(BootFileFormatException.class)
                .hasMessage("d.conf:3: options: unbalanced double quote at offset 19");
    }

    @Test
    void ostreeOrderIsVersionDescendingByStrverscmp() throws Exception {
        List<BootEntryFile> files = new ArrayList<>();
        for (int v : new int[] {2, 10, 1, 9}) {
            files.add(new BootEntryFile(BootEntryFile.ostreeFileName(v, "os"),
                    BootEntry.builder().title("t" + v).version(Integer.toString(v)).linux("/v").build()));
        }
        files.add(new BootEntryFile("zzz.conf", BootEntry.builder().title("nov").linux("/v").build()));
        files.sort(BootEntryFile.OSTREE_ORDER);
        assertThat(files).extracting(BootEntryFile::fileName).containsExactly(
                "ostree-10-os.conf", "ostree-9-os.conf", "ostree-2-os.conf", "ostree-1-os.conf", "zzz.conf");
    }

    @Test
    void blsOrderSortsBySortKeyMachineIdVersionThenIdDescending() throws Exception {
        Map<String, String> files = Map.of(
                "a-10.conf", "title A\nversion 10\nmachine-id dd235d00696545768f6f693bfd23b15f\nlinux /v\n",
                "a-5.conf", "title A\nversion 5\nmachine-id dd235d00696545768f6f693bfd23b15f\nlinux /v\n",
                "b.conf", "title B\nversion 3\nmachine-id b75451ad92f94feeab50b0b442768dbd\nlinux /v\n",
                "c.conf", "title C\nsort-key xxxx\nversion 5\nmachine-id 309de666fd5044268a9a26541ac93176\nlinux /v\n",
                "cx.conf", "title C\nsort-key xxxx\nversion 10\nmachine-id 309de666fd5044268a9a26541ac93176\nlinux /v\n",
                "d.conf", "title D\nsort-key kkkk\nversion 100\nmachine-id 81c6e3147cf544c19006af023e22b292\nlinux /v\n",
                "e+0-3.conf", "title E\nsort-key aaaa\nlinux /v\n");
        List<BootEntryFile> list = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            list.add(new BootEntryFile(f.getKey(), BootEntry.parse(f.getKey(), f.getValue())));
        }
        list.sort(BootEntryFile.BLS_ORDER);
        assertThat(list).extracting(BootEntryFile::fileName)
                .containsExactly("d.conf", "cx.conf", "c.conf", "b.conf", "a-10.conf", "a-5.conf", "e+0-3.conf");
    }
}
