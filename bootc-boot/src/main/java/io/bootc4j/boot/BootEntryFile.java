package io.bootc4j.boot;

import io.bootc4j.boot.internal.VersionOrder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A BLS entry with its file name in {@code loader/entries/} (the entry's "id" is the name
 * without {@code .conf} and without a boot-counting suffix).
 */
public record BootEntryFile(String fileName, BootEntry entry) {

    /**
     * The Boot Loader Specification's menu order (as systemd-boot sorts): entries whose boot
     * counter reached 0 last; entries with {@code sort-key} first, by sort-key, then
     * {@code machine-id}, then {@code version} descending (UAPI version comparison); then the
     * rest by id, descending in the same version order.
     */
    public static final Comparator<BootEntryFile> BLS_ORDER = (a, b) -> {
        boolean badA = a.counter().isBad();
        boolean badB = b.counter().isBad();
        if (badA != badB) {
            return badA ? 1 : -1;
        }
        Optional<String> sa = a.entry.sortKey();
        Optional<String> sb = b.entry.sortKey();
        if (sa.isPresent() != sb.isPresent()) {
            return sa.isPresent() ? -1 : 1;
        }
        if (sa.isPresent()) {
            int r = sa.get().compareTo(sb.get());
            if (r != 0) {
                return r;
            }
            r = a.entry.machineId().orElse("").compareTo(b.entry.machineId().orElse(""));
            if (r != 0) {
                return r;
            }
            r = -VersionOrder.uapi(a.entry.version().orElse(""), b.entry.version().orElse(""));
            if (r != 0) {
                return r;
            }
        }
        return -VersionOrder.uapi(a.id(), b.id());
    };

    /** libostree's order ({@link BootEntry#OSTREE_ORDER}), ties broken by file name. */
    public static final Comparator<BootEntryFile> OSTREE_ORDER =
            Comparator.comparing(BootEntryFile::entry, BootEntry.OSTREE_ORDER).thenComparing(BootEntryFile::fileName);

    public BootEntryFile {
        Objects.requireNonNull(entry, "entry");
        if (!fileName.endsWith(".conf") || fileName.contains("/") || fileName.equals(".conf")
                || fileName.startsWith(".")) {
            throw new IllegalArgumentException("invalid BLS entry file name \"" + fileName + "\"");
        }
    }

    /** libostree 2022.7's file name for the entry of deployment n (n = count - index) in a stateroot. */
    public static String ostreeFileName(int n, String stateroot) {
        return "ostree-" + n + "-" + stateroot + ".conf";
    }

    /** The file name's boot-counting parts. */
    public BootCountedName counter() {
        return BootCountedName.parse(fileName);
    }

    /** The entry id: the file name without {@code .conf} and without a boot counter. */
    public String id() {
        return counter().id();
    }

    /** Reads every regular {@code *.conf} file of {@code dir}, unsorted. */
    public static List<BootEntryFile> readDirectory(Path dir) throws IOException {
        List<Path> confs;
        try (Stream<Path> s = Files.list(dir)) {
            confs = s.filter(p -> p.getFileName().toString().endsWith(".conf")
                            && !p.getFileName().toString().startsWith(".")
                            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted().toList();
        }
        List<BootEntryFile> out = new ArrayList<>();
        for (Path p : confs) {
            out.add(read(p));
        }
        return out;
    }

    /** Reads one entry file. */
    public static BootEntryFile read(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return new BootEntryFile(file.getFileName().toString(), BootEntry.parse(file.toString(), text));
    }
}
