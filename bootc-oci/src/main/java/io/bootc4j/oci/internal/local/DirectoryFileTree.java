package io.bootc4j.oci.internal.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** A {@link FileTree} over a directory; symlinks resolving outside the directory are refused. */
final class DirectoryFileTree implements FileTree {

    private final Path root;
    private final String describe;

    DirectoryFileTree(Path root, String describe) {
        this.root = root;
        this.describe = describe;
    }

    private Optional<Path> resolve(String path) throws IOException {
        Path p = root.resolve(FileTree.normalize(path, describe));
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        Path real = p.toRealPath();
        if (!real.startsWith(root.toRealPath())) {
            throw new IOException(describe + ": " + path + " resolves outside the directory, to " + real);
        }
        return Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) ? Optional.of(real) : Optional.empty();
    }

    @Override
    public Optional<Long> size(String path) throws IOException {
        Optional<Path> p = resolve(path);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Files.readAttributes(p.get(), BasicFileAttributes.class).size());
    }

    @Override
    public Optional<InputStream> open(String path) throws IOException {
        Optional<Path> p = resolve(path);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.newInputStream(p.get()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public void close() {
        // nothing held open
    }
}
