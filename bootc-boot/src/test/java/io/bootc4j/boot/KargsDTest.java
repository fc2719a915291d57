package io.bootc4j.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KargsDTest {

    @TempDir
    Path dir;

    @Test
    void filesAreReadInNameOrderAndFilteredByArchitecture() throws Exception {
        Files.writeString(dir.resolve("20-console.toml"), "kargs = [\"console=ttyS0,115200n8\"]\n");
        Files.writeString(dir.resolve("10-base.toml"), """
                # base arguments
                kargs = [
                  "mitigations=auto,nosmt",  # comment inside
                  'nosmt',
                ]
                """);
        Files.writeString(dir.resolve("30-arm.toml"),
                "kargs = [\"earlycon\"]\nmatch-architectures = [\"aarch64\"]\n");
        Files.writeString(dir.resolve("README"), "not toml");
        KargsD d = KargsD.load(dir);
        assertThat(d.present()).isTrue();
        assertThat(d.files()).extracting(KargsD.File::name)
                .containsExactly("10-base.toml", "20-console.toml", "30-arm.toml");
        assertThat(d.argsFor("x86_64").toString()).isEqualTo("mitigations=auto,nosmt nosmt console=ttyS0,115200n8");
        assertThat(d.argsFor("aarch64").toString())
                .isEqualTo("mitigations=auto,nosmt nosmt console=ttyS0,115200n8 earlycon");
    }

    @Test
    void unknownKeyIsRefusedNamingFileAndLine() throws Exception {
        Path f = dir.resolve("10-bad.toml");
        Files.writeString(f, "kargs = [\"a\"]\n\nmatch-arch = [\"x86_64\"]\n");
        assertThatThrownBy(() -> KargsD.load(dir))
                .isInstanceOf(BootFileFormatException.class)
                .hasMessage(f + ":3: unknown key \"match-arch\" (expected kargs, match-architectures)");
    }

    @Test
    void malformedTomlIsRefusedNamingFileAndLine() {
        assertThatThrownBy(() -> KargsD.parseFile("a.toml", "a.toml", "kargs = [\"x\",\n  42]\n"))
                .hasMessage("a.toml:2: array elements must be strings, found '4'");
        assertThatThrownBy(() -> KargsD.parseFile("b.toml", "b.toml", "[kargs]\n"))
                .hasMessage("b.toml:1: tables are not allowed here");
        assertThatThrownBy(() -> KargsD.parseFile("c.toml", "c.toml", "kargs = \"x\"\n"))
                .hasMessage("c.toml:1: \"kargs\" must be an array of strings");
        assertThatThrownBy(() -> KargsD.parseFile("d.toml", "d.toml", "match-architectures = []\n"))
                .hasMessage("d.toml: missing required key \"kargs\"");
        assertThatThrownBy(() -> KargsD.parseFile("e.toml", "e.toml", "kargs = [\"a\"]\nkargs = [\"b\"]\n"))
                .hasMessage("e.toml:2: duplicate key \"kargs\"");
        assertThatThrownBy(() -> KargsD.parseFile("f.toml", "f.toml", "kargs = [\"unterminated]\n"))
                .hasMessage("f.toml:1: unterminated string");
    }

    @Test
    void missingDirectoryIsAbsent() throws Exception {
        assertThat(KargsD.load(dir.resolve("nope")).present()).isFalse();
    }

    @Test
    void upgradeRemovesWhatTheOldImageHadAddsWhatTheNewOneHasAndKeepsLocalArgs() {
        KernelArgs current = KernelArgs.parse("root=UUID=1 rw console=tty0 mitigations=off localarg=1");
        KargsD old = KargsD.of(List.of(new KargsD.File("10.toml", List.of("console=tty0", "mitigations=off"), Optional.empty())));
        KargsD next = KargsD.of(List.of(new KargsD.File("10.toml", List.of("console=tty0", "audit=0"), Optional.empty())));
        assertThat(KargsD.upgrade(current, old, next, "x86_64").toString())
                .isEqualTo("root=UUID=1 rw console=tty0 localarg=1 audit=0");
    }

    @Test
    void upgradeToAnImageWithoutKargsDirectoryAppendsTheOldImagesArgsAsBootcDoes() {
        KernelArgs current = KernelArgs.parse("rw");
        KargsD old = KargsD.of(List.of(new KargsD.File("10.toml", List.of("quiet"), Optional.empty())));
        assertThat(KargsD.upgrade(current, old, KargsD.absent(), "x86_64").toString()).isEqualTo("rw quiet");
    }

    @Test
    void jvmArchitectureNamesMapToRustNames() {
        assertThat(KargsD.rustArch("amd64")).isEqualTo("x86_64");
        assertThat(KargsD.rustArch("ppc64le")).isEqualTo("powerpc64");
        assertThat(KargsD.rustArch("aarch64")).isEqualTo("aarch64");
    }
}
