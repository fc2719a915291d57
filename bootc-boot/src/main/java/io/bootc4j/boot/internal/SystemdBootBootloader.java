package io.bootc4j.boot.internal;

import io.bootc4j.boot.BootCountedName;
import io.bootc4j.boot.BootEntryFile;
import io.bootc4j.boot.Bootloader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * systemd-boot: the entries are copied onto the ESP as {@code loader/entries/ID[+TRIES].conf}
 * (FAT has no symlinks, so each file is replaced atomically by rename), entries of ours that are
 * no longer wanted are removed, and {@code loader/loader.conf} gets {@code default ID.conf} and
 * optionally {@code timeout N}, other lines kept. With {@code tries > 0} new entries start boot
 * counting ({@code ID+TRIES.conf}); an entry already on the ESP keeps its counter state.
 */
public final class SystemdBootBootloader implements Bootloader {

    private final Path esp;
    private final Optional<Duration> timeout;
    private final int tries;
    private final String ownedPrefix;

    public SystemdBootBootloader(Path esp, Optional<Duration> timeout, int tries, String ownedPrefix) {
        this.esp = esp;
        this.timeout = timeout;
        this.tries = tries;
        this.ownedPrefix = ownedPrefix;
    }

    @Override
    public String name() {
        return "systemd-boot";
    }

    @Override
    public void writeConfig(Path sysroot, int bootversion, List<BootEntryFile> entries) throws IOException {
        Path dir = esp.resolve("loader/entries");
        Files.createDirectories(dir);
        List<String> existing = list(dir);
        Set<String> keep = new HashSet<>();
        for (BootEntryFile e : entries) {
            String id = e.id();
            String name = existing.stream().filter(n -> BootCountedName.parse(n).id().equals(id)).findFirst()
                    .orElse(tries > 0 ? BootCountedName.withTries(id, tries).fileName()
                            : BootCountedName.uncounted(id).fileName());
            AtomicFiles.write(dir.resolve(name), e.entry().render().getBytes(StandardCharsets.UTF_8));
            keep.add(name);
        }
        if (!entries.isEmpty()) {
            writeLoaderConf(entries.get(0).id() + ".conf");
        }
        for (String name : existing) {
            if (name.startsWith(ownedPrefix) && !keep.contains(name)) {
                Files.deleteIfExists(dir.resolve(name));
            }
        }
        AtomicFiles.fsyncDirectory(dir);
    }

    private void writeLoaderConf(String defaultEntry) throws IOException {
        Path conf = esp.resolve("loader/loader.conf");
        List<String> lines = new ArrayList<>();
        try {
            lines.addAll(Files.readAllLines(conf, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            // A new loader.conf.
        }
        setKey(lines, "default", defaultEntry);
        if (timeout.isPresent()) {
            setKey(lines, "timeout", Long.toString(timeout.get().toSeconds()));
        }
        AtomicFiles.write(conf, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void setKey(List<String> lines, String key, String value) {
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.equals(key) || l.startsWith(key + " ") || l.startsWith(key + "\t")) {
                lines.set(i, key + " " + value);
                return;
            }
        }
        lines.add(key + " " + value);
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".conf")).sorted().toList();
        }
    }
}
