package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.RefName;
import io.bootc4j.ostree.RefNotFoundException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Refs on disk (reference: ostree-format §1.6): one file per ref holding {@code <64 hex>\n};
 * a ref may also be a relative symlink to another ref (an alias). Writes go to a temporary file
 * in the ref's directory (a name no valid ref can have), fsynced per the repository policy, then
 * renamed over the ref: readers see the old or the new value, never a partial one. Thread-safe
 * (no state beyond paths).
 */
public final class RefStore {

    private final Path repo;
    private final boolean fsync;

    public RefStore(Path repo, boolean fsync) {
        this.repo = repo;
        this.fsync = fsync;
    }

    /** The commit a ref points to, or empty when the ref does not exist. */
    public Optional<Checksum> read(RefName ref) throws IOException {
        Path file = repo.resolve(ref.relativePath());
        String text;
        try {
            if (Files.isDirectory(file)) {
                return Optional.empty();
            }
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String hex = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return Optional.of(Checksum.tryParse(hex.strip()).orElseThrow(() -> new RefNotFoundException(ref.toString(),
                "ref file " + ref.relativePath() + " does not hold a checksum: \"" + abbreviate(text) + "\"")));
    }

    /** Points {@code ref} at {@code commit}, atomically replacing any previous value. */
    public void write(RefName ref, Checksum commit) throws IOException {
        Path file = repo.resolve(ref.relativePath());
        Path dir = file.getParent();
        Files.createDirectories(dir);
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + ": cannot write ref " + ref + ": a ref directory of that name exists");
        }
        Path tmp = dir.resolve(".tmp-ref-" + Long.toUnsignedString(System.nanoTime(), 36) + "-" + Thread.currentThread().getId());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap((commit + "\n").getBytes(StandardCharsets.US_ASCII)));
                if (fsync) {
                    ch.force(true);
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes a ref; returns false when it did not exist. */
    public boolean delete(RefName ref) throws IOException {
        Path file = repo.resolve(ref.relativePath());
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        return Files.deleteIfExists(file);
    }

    /** Every ref of every kind, sorted (heads, then remotes, then mirrors, each by name). */
    public SortedMap<RefName, Checksum> list() throws IOException {
        SortedMap<RefName, Checksum> out = new TreeMap<>();
        Path heads = repo.resolve("refs/heads");
        collect(heads, heads, RefName.Kind.HEADS, "", out);
        for (RefName.Kind kind : new RefName.Kind[] {RefName.Kind.REMOTE, RefName.Kind.MIRROR}) {
            Path base = repo.resolve(kind == RefName.Kind.REMOTE ? "refs/remotes" : "refs/mirrors");
            if (!Files.isDirectory(base)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(base)) {
                for (Path q : ds) {
                    if (Files.isDirectory(q, LinkOption.NOFOLLOW_LINKS)) {
                        collect(q, q, kind, q.getFileName().toString(), out);
                    }
                }
            }
        }
        return out;
    }

    private void collect(Path base, Path dir, RefName.Kind kind, String qualifier, SortedMap<RefName, Checksum> out)
            throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    collect(base, p, kind, qualifier, out);
                    continue;
                }
                String name = base.relativize(p).toString();
                if (!RefName.isValidName(name)) {
                    continue; // temporary files of a concurrent write, or foreign junk
                }
                RefName ref;
                try {
                    ref = switch (kind) {
                        case HEADS -> RefName.heads(name);
                        case REMOTE -> RefName.remote(qualifier, name);
                        case MIRROR -> RefName.mirror(qualifier, name);
                    };
                } catch (IllegalArgumentException e) {
                    continue;
                }
                Optional<Checksum> c = read(ref);
                if (c.isPresent()) {
                    out.put(ref, c.get());
                }
            }
        }
    }

    private static String abbreviate(String s) {
        String t = s.replace("\n", "\\n");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }
}
