package io.bootc4j.boot;

import io.bootc4j.boot.internal.TomlStrings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An image's {@code /usr/lib/bootc/kargs.d}: the {@code *.toml} files, sorted by name, each
 * with {@code kargs = [...]} and optionally {@code match-architectures = [...]} (Rust
 * {@code std::env::consts::ARCH} names: {@code x86_64}, {@code aarch64}, {@code powerpc64},
 * {@code s390x}, …). Unknown keys are refused with file and line, as bootc's
 * {@code deny_unknown_fields}. Immutable.
 */
public final class KargsD {

    /** One kargs.d file. */
    public record File(String name, List<String> kargs, Optional<List<String>> matchArchitectures) {
        public File {
            kargs = List.copyOf(kargs);
            matchArchitectures = matchArchitectures.map(List::copyOf);
        }

        /** Whether this file's kargs apply on {@code arch}. */
        public boolean appliesTo(String arch) {
            return matchArchitectures.map(list -> list.contains(arch)).orElse(true);
        }
    }

    private static final KargsD ABSENT = new KargsD(false, List.of());

    private final boolean present;
    private final List<File> files;

    private KargsD(boolean present, List<File> files) {
        this.present = present;
        this.files = List.copyOf(files);
    }

    /** No kargs.d directory at all. */
    public static KargsD absent() {
        return ABSENT;
    }

    /** The given files (a present kargs.d); they are sorted by name. */
    public static KargsD of(List<File> files) {
        List<File> sorted = new ArrayList<>(files);
        sorted.sort((a, b) -> a.name().compareTo(b.name()));
        return new KargsD(true, sorted);
    }

    /** Loads {@code dir}; {@link #absent()} when it does not exist. Non-{@code .toml} entries are ignored. */
    public static KargsD load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return ABSENT;
        }
        List<Path> tomls;
        try (Stream<Path> s = Files.list(dir)) {
            tomls = s.filter(p -> p.getFileName().toString().endsWith(".toml") && Files.isRegularFile(p))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        }
        List<File> files = new ArrayList<>();
        for (Path p : tomls) {
            files.add(parseFile(p.toString(), p.getFileName().toString(),
                    new String(Files.readAllBytes(p), StandardCharsets.UTF_8)));
        }
        return new KargsD(true, files);
    }

    /** Parses one kargs.d file's text; {@code source} names it in errors. */
    public static File parseFile(String source, String name, String toml) throws BootFileFormatException {
        Map<String, TomlStrings.Value> doc = TomlStrings.parse(source, toml);
        List<String> kargs = null;
        Optional<List<String>> arches = Optional.empty();
        for (Map.Entry<String, TomlStrings.Value> e : doc.entrySet()) {
            TomlStrings.Value v = e.getValue();
            switch (e.getKey()) {
                case "kargs" -> {
                    requireArray(source, e.getKey(), v);
                    for (String arg : v.strings()) {
                        if (KernelArgs.tryParse(arg).map(k -> k.args().size()).orElse(-1) < 1) {
                            throw new BootFileFormatException(source, v.line(), "kargs element \"" + arg
                                    + "\" is not a kernel argument");
                        }
                    }
                    kargs = v.strings();
                }
                case "match-architectures" -> {
                    requireArray(source, e.getKey(), v);
                    arches = Optional.of(v.strings());
                }
                default -> throw new BootFileFormatException(source, v.line(), "unknown key \"" + e.getKey()
                        + "\" (expected kargs, match-architectures)");
            }
        }
        if (kargs == null) {
            throw new BootFileFormatException(source, 0, "missing required key \"kargs\"");
        }
        return new File(name, kargs, arches);
    }

    private static void requireArray(String source, String key, TomlStrings.Value v) throws BootFileFormatException {
        if (!v.array()) {
            throw new BootFileFormatException(source, v.line(), "\"" + key + "\" must be an array of strings");
        }
    }

    /** Whether the directory existed. */
    public boolean present() {
        return present;
    }

    public List<File> files() {
        return files;
    }

    /** The kargs of every file that applies on {@code arch}, in file order. */
    public KernelArgs argsFor(String arch) {
        List<String> args = new ArrayList<>();
        for (File f : files) {
            if (f.appliesTo(arch)) {
                for (String karg : f.kargs()) {
                    args.addAll(KernelArgs.parse(karg).args());
                }
            }
        }
        return KernelArgs.of(args);
    }

    /**
     * The command line bootc gives a new deployment on upgrade or switch
     * ({@code bootc_kargs::get_kargs}): start from the merge deployment's {@code current}
     * options, remove every argument the old image's kargs.d had and the new one lacks (exact
     * match), append the new image's arguments the old one lacked; machine-local arguments stay.
     * When the new image has no kargs.d directory at all, bootc appends the old image's kargs.d
     * arguments instead (a quirk kept for compatibility).
     */
    public static KernelArgs upgrade(KernelArgs current, KargsD oldImage, KargsD newImage, String arch) {
        KernelArgs existing = oldImage.argsFor(arch);
        if (!newImage.present()) {
            return current.appendAll(existing);
        }
        KernelArgs remote = newImage.argsFor(arch);
        List<String> removed = existing.args().stream().filter(a -> !remote.args().contains(a)).toList();
        List<String> added = remote.args().stream().filter(a -> !existing.args().contains(a)).toList();
        List<String> out = new ArrayList<>(current.args());
        out.removeIf(removed::contains);
        out.addAll(added);
        return KernelArgs.of(out);
    }

    /** This JVM's architecture in Rust's {@code std::env::consts::ARCH} spelling. */
    public static String hostArchitecture() {
        return rustArch(System.getProperty("os.arch", ""));
    }

    /** Maps a JVM or Debian architecture name to Rust's: {@code amd64} → {@code x86_64}, {@code ppc64le} → {@code powerpc64}. */
    public static String rustArch(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "ppc64le", "ppc64", "ppc64el", "powerpc64" -> "powerpc64";
            case "s390x" -> "s390x";
            case "x86", "i386", "i486", "i586", "i686" -> "x86";
            case "arm", "armhf", "armel" -> "arm";
            case "riscv64" -> "riscv64";
            case "loongarch64" -> "loongarch64";
            default -> name;
        };
    }
}
