package io.bootc4j.boot;

import io.bootc4j.boot.internal.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two loader generations of a sysroot's {@code boot/}: {@code loader.0} and
 * {@code loader.1}, and the {@code boot/loader} symlink that selects one (absent means 0).
 * {@link #swap} writes a complete new generation beside the active one and switches the symlink
 * atomically, as libostree's {@code ostree_sysroot_write_deployments_with_options} does: fill
 * {@code loader.N/entries}, run the bootloader backend, create {@code boot/boot -> .}, create
 * {@code loader.tmp -> loader.N}, sync, {@code rename(loader.tmp, loader)}, fsync {@code boot/}.
 * A crash at any point leaves either the old or the new generation active, never a mix.
 *
 * <p>A handle is immutable and thread-safe, but the caller must hold the sysroot lock while swapping.
 */
public final class LoaderGenerations {

    private static final Logger LOG = LoggerFactory.getLogger(LoaderGenerations.class);

    /** The steps of a swap, in order; a {@link StepHook} sees each before it runs. */
    public enum Step {
        /** Remove a stale {@code loader.N} left by an interrupted swap and create {@code loader.N/entries}. */
        PREPARE,
        /** Write one entry file (called once per entry, with its name). */
        WRITE_ENTRY,
        /** The bootloader backend writes its configuration. */
        WRITE_BOOTLOADER_CONFIG,
        /** Create {@code boot/boot -> .} when missing. */
        LINK_BOOT,
        /** Create {@code boot/loader.tmp -> loader.N}. */
        CREATE_TEMP_SYMLINK,
        /** fsync the new generation's files and directories. */
        SYNC,
        /** {@code rename(loader.tmp, loader)}: the switch. */
        RENAME,
        /** fsync {@code boot/} so the switch is durable. */
        FSYNC_BOOT
    }

    /** Observes each swap step before it runs; tests throw from it to simulate a crash there. */
    @FunctionalInterface
    public interface StepHook {
        void before(Step step, String detail) throws IOException;
    }

    private final Path sysroot;
    private final Path boot;
    private final StepHook hook;

    private LoaderGenerations(Path sysroot, StepHook hook) {
        this.sysroot = sysroot;
        this.boot = sysroot.resolve("boot");
        this.hook = hook;
    }

    /** The generations of the sysroot at {@code sysroot} (its {@code boot/} directory). */
    public static LoaderGenerations open(Path sysroot) {
        return new LoaderGenerations(sysroot, (s, d) -> { });
    }

    /** The same sysroot, calling {@code hook} before every step. */
    public LoaderGenerations withHook(StepHook hook) {
        return new LoaderGenerations(sysroot, Objects.requireNonNull(hook, "hook"));
    }

    /** The active bootversion: 0 or 1 from {@code boot/loader -> loader.N}, 0 when the link is absent. */
    public int currentBootversion() throws IOException {
        Path link = boot.resolve("loader");
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        if (!Files.isSymbolicLink(link)) {
            throw new BootException(link + ": not a symbolic link (expected loader -> loader.0 or loader.1)");
        }
        String target = Files.readSymbolicLink(link).toString();
        return switch (target) {
            case "loader.0" -> 0;
            case "loader.1" -> 1;
            default -> throw new BootException(link + ": unexpected target \"" + target
                    + "\" (expected loader.0 or loader.1)");
        };
    }

    /**
     * The bootversion {@link #swap} will write: the other one. Entries of that generation should
     * boot through bootlinks of the same version ({@code ostree=/ostree/boot.N/…}), as ostree's do.
     */
    public int nextBootversion() throws IOException {
        return 1 - currentBootversion();
    }

    /** The active generation's entries in libostree's order (default first); empty when there are none. */
    public List<BootEntryFile> currentEntries() throws IOException {
        Path entries = boot.resolve("loader." + currentBootversion()).resolve("entries");
        if (!Files.isDirectory(entries)) {
            return List.of();
        }
        List<BootEntryFile> list = new ArrayList<>(BootEntryFile.readDirectory(entries));
        list.sort(BootEntryFile.OSTREE_ORDER);
        return List.copyOf(list);
    }

    /**
     * Writes {@code entries} as the other generation, lets {@code bootloader} write its
     * configuration, and switches {@code boot/loader} to it. Returns the new bootversion. On
     * failure the previous generation stays active and the exception propagates.
     */
    public int swap(List<BootEntryFile> entries, Bootloader bootloader) throws IOException {
        Set<String> names = new HashSet<>();
        for (BootEntryFile e : entries) {
            if (!names.add(e.fileName())) {
                throw new IllegalArgumentException("duplicate entry file name " + e.fileName());
            }
        }
        int current = currentBootversion();
        int next = 1 - current;
        Path nextDir = boot.resolve("loader." + next);
        Path entriesDir = nextDir.resolve("entries");

        hook.before(Step.PREPARE, nextDir.toString());
        deleteRecursively(nextDir);
        Files.createDirectories(entriesDir);

        for (BootEntryFile e : entries) {
            hook.before(Step.WRITE_ENTRY, e.fileName());
            Files.write(entriesDir.resolve(e.fileName()), e.entry().render().getBytes(StandardCharsets.UTF_8));
        }

        List<BootEntryFile> ordered = new ArrayList<>(entries);
        ordered.sort(BootEntryFile.OSTREE_ORDER);
        hook.before(Step.WRITE_BOOTLOADER_CONFIG, bootloader.name());
        bootloader.writeConfig(sysroot, next, List.copyOf(ordered));

        hook.before(Step.LINK_BOOT, "boot");
        Path bootLink = boot.resolve("boot");
        if (!Files.exists(bootLink, LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(bootLink, Path.of("."));
        }

        hook.before(Step.CREATE_TEMP_SYMLINK, "loader.tmp");
        Path tmpLink = boot.resolve("loader.tmp");
        Files.deleteIfExists(tmpLink);
        Files.createSymbolicLink(tmpLink, Path.of("loader." + next));

        hook.before(Step.SYNC, nextDir.toString());
        syncTree(nextDir);
        AtomicFiles.fsyncDirectory(boot);

        hook.before(Step.RENAME, "loader");
        Files.move(tmpLink, boot.resolve("loader"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        hook.before(Step.FSYNC_BOOT, boot.toString());
        AtomicFiles.fsyncDirectory(boot);
        LOG.debug("switched {} to loader.{} with {} entries", boot, next, entries.size());
        return next;
    }

    private static void syncTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                        ch.force(true);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                AtomicFiles.fsyncDirectory(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    if (exc != null) {
                        throw exc;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // Raced with nothing: the directory vanished, which is what we wanted.
        }
    }
}
