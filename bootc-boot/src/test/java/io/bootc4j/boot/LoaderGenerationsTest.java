package io.bootc4j.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LoaderGenerationsTest {

    @TempDir
    Path sysroot;

    static List<BootEntryFile> generation(String tag, int count) {
        List<BootEntryFile> list = new ArrayList<>();
        for (int n = count; n >= 1; n--) {
            list.add(new BootEntryFile(BootEntryFile.ostreeFileName(n, "os"), BootEntry.builder()
                    .title(tag + " (ostree:" + (count - n) + ")").version(Integer.toString(n))
                    .options(KernelArgs.of("root=/dev/vda1", "gen=" + tag))
                    .linux("/ostree/os-" + tag + "/vmlinuz").initrd("/ostree/os-" + tag + "/initramfs.img").build()));
        }
        return list;
    }

    @Test
    void swapsAlternateBetweenLoaderZeroAndOneLikeOstree() throws Exception {
        Files.createDirectories(sysroot.resolve("boot"));
        LoaderGenerations gens = LoaderGenerations.open(sysroot);
        assertThat(gens.currentBootversion()).isZero();
        assertThat(gens.swap(generation("a", 1), Bootloaders.none())).isEqualTo(1);
        assertThat(Files.readSymbolicLink(sysroot.resolve("boot/loader"))).isEqualTo(Path.of("loader.1"));
        assertThat(Files.readSymbolicLink(sysroot.resolve("boot/boot"))).isEqualTo(Path.of("."));
        assertThat(gens.swap(generation("b", 2), Bootloaders.none())).isZero();
        assertThat(gens.currentEntries()).extracting(BootEntryFile::fileName)
                .containsExactly("ostree-2-os.conf", "ostree-1-os.conf");
        assertThat(gens.currentEntries().get(0).entry()).isEqualTo(generation("b", 2).get(0).entry());
        assertThat(Files.exists(sysroot.resolve("boot/loader.tmp"))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(LoaderGenerations.Step.class)
    void crashAtAnyStepLeavesTheOldOrTheNewGenerationActiveNeverAMix(LoaderGenerations.Step crashAt) throws Exception {
        Files.createDirectories(sysroot.resolve("boot"));
        LoaderGenerations gens = LoaderGenerations.open(sysroot);
        List<BootEntryFile> old = generation("old", 2);
        List<BootEntryFile> next = generation("new", 3);
        gens.swap(old, Bootloaders.none());
        // Crash at the last of the WRITE_ENTRY calls too: the half-written set must stay invisible.
        int[] seen = {0};
        LoaderGenerations crashing = gens.withHook((step, detail) -> {
            if (step == crashAt && (step != LoaderGenerations.Step.WRITE_ENTRY || ++seen[0] == 2)) {
                throw new IOException("injected crash before " + step);
            }
        });
        assertThatThrownBy(() -> crashing.swap(next, Bootloaders.none())).hasMessageContaining("injected crash");

        List<BootEntryFile> active = LoaderGenerations.open(sysroot).currentEntries();
        boolean switched = crashAt == LoaderGenerations.Step.FSYNC_BOOT;
        assertThat(active).containsExactlyInAnyOrderElementsOf(switched ? next : old);

        // The next attempt starts over cleanly and wins.
        assertThat(gens.swap(next, Bootloaders.none())).isIn(0, 1);
        assertThat(gens.currentEntries()).containsExactlyInAnyOrderElementsOf(next);
        try (Stream<Path> s = Files.list(sysroot.resolve("boot"))) {
            assertThat(s.map(p -> p.getFileName().toString())).doesNotContain("loader.tmp");
        }
    }

    @Test
    void bootloaderFailureKeepsTheOldGeneration() throws Exception {
        Files.createDirectories(sysroot.resolve("boot"));
        LoaderGenerations gens = LoaderGenerations.open(sysroot);
        gens.swap(generation("old", 1), Bootloaders.none());
        Bootloader failing = new Bootloader() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public void writeConfig(Path root, int bootversion, List<BootEntryFile> entries) throws IOException {
                throw new IOException("disk full");
            }
        };
        assertThatThrownBy(() -> gens.swap(generation("new", 1), failing)).hasMessage("disk full");
        assertThat(gens.currentBootversion()).isEqualTo(1);
        assertThat(gens.currentEntries()).containsExactlyElementsOf(generation("old", 1));
    }

    @Test
    void unexpectedLoaderLinkTargetIsRefused() throws Exception {
        Files.createDirectories(sysroot.resolve("boot"));
        Files.createSymbolicLink(sysroot.resolve("boot/loader"), Path.of("elsewhere"));
        assertThatThrownBy(() -> LoaderGenerations.open(sysroot).currentBootversion())
                .isInstanceOf(BootException.class)
                .hasMessageEndingWith("boot/loader: unexpected target \"elsewhere\" (expected loader.0 or loader.1)");
    }
}
