package io.bootc4j.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The tree a benchmark commits: {@code synthetic} (a {@link SyntheticTree#DEFAULT} written into a
 * scratch directory) or the path of an existing directory, e.g. the Debian root filesystem that
 * {@code benchmarks/make-debian-tree.sh} caches in {@code /var/cache/bootc4j/debian-bookworm}.
 * A scratch directory (repositories, checkouts, the synthetic tree) is created next to
 * {@code java.io.tmpdir} and removed by {@link #close()}.
 */
final class BenchTree implements AutoCloseable {

    /** The JMH parameter value that selects the generated tree. */
    static final String SYNTHETIC = "synthetic";

    private final Path scratch;
    private final Path tree;

    private BenchTree(Path scratch, Path tree) {
        this.scratch = scratch;
        this.tree = tree;
    }

    /** Resolves the {@code tree} parameter; writes the synthetic tree if that is what it names. */
    static BenchTree open(String treeParam) throws IOException {
        Path scratch = Files.createTempDirectory("bootc4j-bench-");
        if (SYNTHETIC.equals(treeParam)) {
            Path t = scratch.resolve("tree");
            SyntheticTree.DEFAULT.writeTo(t);
            return new BenchTree(scratch, t);
        }
        Path t = Path.of(treeParam).toAbsolutePath();
        if (!Files.isDirectory(t)) {
            deleteRecursively(scratch);
            throw new IllegalArgumentException("-p tree=" + treeParam + ": not a directory (use \"" + SYNTHETIC
                    + "\" or the path of a tree, e.g. /var/cache/bootc4j/debian-bookworm)");
        }
        return new BenchTree(scratch, t);
    }

    Path tree() {
        return tree;
    }

    /** A path in the scratch directory, for a repository or a checkout. */
    Path scratch(String name) {
        return scratch.resolve(name);
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Deletes {@code p} and everything below it without following symlinks; absent is fine. */
    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                // checkouts may hold read-only directories; make them writable so their entries can go
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public void close() throws IOException {
        deleteRecursively(scratch);
    }
}
