package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * fsck lists, verifies and walks on several threads, yet reports exactly what a single-threaded
 * run would, in its order: every damaged object in the order the {@code objects/XX} directories
 * list them, then each ref whose commit is missing, then what the walk finds (commits in listing
 * order, each tree's files before its subdirectories). A corrupt commit or dirtree is not walked
 * into. Each case runs on a small repository (under the threading threshold: one thread) and on
 * one with hundreds of objects (every core).
 */
class FsckOrderTest {

    @TempDir
    Path tmp;

    private Path repoDir() {
        return tmp.resolve("repo");
    }

    /** A tree with files at the top, nested directories, one with its own mode, and {@code extra} more files. */
    private Path source(String name, int extra) throws IOException {
        Path src = tmp.resolve(name);
        for (String dir : List.of("d", "e", "g", "h", "many")) {
            Files.createDirectories(src.resolve(dir));
        }
        Files.writeString(src.resolve("a"), "file a\n");
        Files.writeString(src.resolve("b"), "file b\n");
        Files.writeString(src.resolve("d/c"), "file c\n");
        Files.writeString(src.resolve("e/x"), "file x\n");
        Files.writeString(src.resolve("g/y"), "file y\n");
        Files.writeString(src.resolve("h/w"), "file w\n");
        Files.setPosixFilePermissions(src.resolve("e"), PosixFilePermissions.fromString("rwx------"));
        for (int i = 0; i < extra; i++) {
            Files.writeString(src.resolve(String.format("many/f%04d", i)), "many " + i + "\n");
        }
        return src;
    }

    private Checksum commit(Path src, String branch) throws IOException {
        try (Repo repo = Repo.open(repoDir()); RepoTransaction tx = repo.newTransaction()) {
            Checksum c = tx.commit(CommitSpec.fromDirectory(src).build());
            tx.setRef(branch, c);
            tx.complete();
            return c;
        }
    }

    /** A bare-user-only repository with one commit of {@link #source}, on branch main. */
    private Checksum bareUserOnlyCommit(int extra) throws IOException {
        Repo.create(repoDir(), RepoMode.BARE_USER_ONLY).close();
        return commit(source("src", extra), "main");
    }

    private DirTree root(Checksum commit) throws IOException {
        try (Repo repo = Repo.open(repoDir())) {
            return repo.readDirTree(repo.readCommit(commit).rootTree());
        }
    }

    /** A well-formed dirtree naming a file and a directory that exist nowhere. */
    private static byte[] phantomTree() throws IOException {
        Checksum phantom = Checksum.sha256("phantom".getBytes(StandardCharsets.UTF_8));
        return DirTree.builder().addFile("phantom", phantom).addDir("ghostdir", phantom, phantom).build().serialize();
    }

    private Path objectPath(ObjectName name) {
        return repoDir().resolve(name.looseRelativePath(false));
    }

    /** The loose objects in the order readdir gives {@code objects/} and then each {@code objects/XX}. */
    private List<ObjectName> listingOrder() throws IOException {
        List<ObjectName> out = new ArrayList<>();
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(repoDir().resolve("objects"))) {
            for (Path prefix : prefixes) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix)) {
                    for (Path f : files) {
                        out.add(ObjectName.parse(prefix.getFileName().toString() + f.getFileName()));
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, Checksum> files(DirTree t) {
        Map<String, Checksum> m = new HashMap<>();
        t.files().forEach(f -> m.put(f.name(), f.content()));
        return m;
    }

    private static DirTree.Dir dir(DirTree t, String name) {
        return t.dirs().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    private static String line(FsckResult.Problem p) {
        return p.kind() + " " + p.object() + (p.kind() == FsckResult.Problem.Kind.MISSING ? " " + p.detail() : "");
    }

    private static void overwrite(Path object, byte[] data) throws IOException {
        object.toFile().setWritable(true);
        Files.write(object, data);
    }

    /**
     * What a single-threaded fsck finds, from the rules alone: corrupt objects in listing order,
     * the missing ref target, then the walk over the undamaged trees (read before the damage).
     */
    private static List<String> expected(List<ObjectName> listing, Set<ObjectName> corrupt, Set<ObjectName> deleted,
            String refProblem, Map<Checksum, Checksum> roots, Map<Checksum, DirTree> trees) {
        List<String> out = new ArrayList<>();
        for (ObjectName n : listing) {
            if (corrupt.contains(n)) {
                out.add("CORRUPT " + n);
            }
        }
        out.add(refProblem);
        Walk walk = new Walk(trees, deleted, corrupt);
        for (ObjectName n : listing) {
            if (n.type() == ObjectType.COMMIT && !corrupt.contains(n)) {
                walk.tree(roots.get(n.checksum()), "commit " + n.checksum() + " /");
            }
        }
        out.addAll(walk.problems);
        return out;
    }

    /** The walk's rules: each tree once; a missing or corrupt tree is not entered; files, then subdirectories. */
    private static final class Walk {
        final Map<Checksum, DirTree> trees;
        final Set<ObjectName> deleted;
        final Set<ObjectName> corrupt;
        final Set<Checksum> walked = new HashSet<>();
        final Set<ObjectName> reported = new HashSet<>();
        final List<String> problems = new ArrayList<>();

        Walk(Map<Checksum, DirTree> trees, Set<ObjectName> deleted, Set<ObjectName> corrupt) {
            this.trees = trees;
            this.deleted = deleted;
            this.corrupt = corrupt;
        }

        void tree(Checksum tree, String path) {
            ObjectName name = new ObjectName(tree, ObjectType.DIR_TREE);
            if (!walked.add(tree) || missing(name, path) || corrupt.contains(name)) {
                return;
            }
            String base = path.endsWith("/") ? path : path + "/";
            for (DirTree.File f : trees.get(tree).files()) {
                missing(new ObjectName(f.content(), ObjectType.FILE), base + f.name());
            }
            for (DirTree.Dir d : trees.get(tree).dirs()) {
                tree(d.tree(), base + d.name());
            }
        }

        boolean missing(ObjectName name, String path) {
            if (!deleted.contains(name)) {
                return false;
            }
            if (reported.add(name)) {
                problems.add("MISSING " + name + " needed by " + path);
            }
            return true;
        }
    }

    private static void collectTrees(Repo repo, Checksum tree, Map<Checksum, DirTree> into) throws IOException {
        DirTree t = repo.readDirTree(tree);
        into.put(tree, t);
        for (DirTree.Dir d : t.dirs()) {
            collectTrees(repo, d.tree(), into);
        }
    }

    @ParameterizedTest(name = "{0} with {1} extra files")
    @CsvSource({"BARE_USER_ONLY, 0", "BARE_USER_ONLY, 400", "BARE, 0", "BARE, 400"})
    void problemsComeInListingOrderThenMissingRefsThenWalkOrderWhateverTheThreadCount(RepoMode mode, int extra)
            throws IOException {
        Repo.create(repoDir(), mode).close();
        Path one = source("one", extra);
        Checksum c1 = commit(one, "one");
        Files.writeString(one.resolve("z"), "only in two\n");
        Checksum c2 = commit(one, "two");
        Files.delete(one.resolve("z"));
        Files.writeString(one.resolve("zz"), "only in three\n");
        Checksum c3 = commit(one, "three");
        Map<Checksum, DirTree> trees = new HashMap<>();
        Map<Checksum, Checksum> roots = new HashMap<>();
        Set<ObjectName> corrupt = new HashSet<>();
        Set<ObjectName> deleted = new HashSet<>();
        try (Repo repo = Repo.open(repoDir())) {
            assertThat(repo.fsck().problems()).isEmpty();
            for (Checksum c : List.of(c1, c2, c3)) {
                roots.put(c, repo.readCommit(c).rootTree());
                collectTrees(repo, roots.get(c), trees);
            }
            DirTree root = repo.readDirTree(repo.readCommit(c1).rootTree());
            DirTree root2 = repo.readDirTree(repo.readCommit(c2).rootTree());
            DirTree root3 = repo.readDirTree(repo.readCommit(c3).rootTree());
            corrupt.add(new ObjectName(files(root).get("a"), ObjectType.FILE));
            corrupt.add(new ObjectName(files(repo.readDirTree(dir(root, "d").tree())).get("c"), ObjectType.FILE));
            corrupt.add(new ObjectName(dir(root, "e").meta(), ObjectType.DIR_META));
            corrupt.add(new ObjectName(dir(root, "g").tree(), ObjectType.DIR_TREE));
            corrupt.add(new ObjectName(c2, ObjectType.COMMIT));
            if (extra > 0) {
                Map<String, Checksum> many = files(repo.readDirTree(dir(root, "many").tree()));
                for (String f : List.of("f0007", "f0150", "f0399")) {
                    corrupt.add(new ObjectName(many.get(f), ObjectType.FILE));
                }
            }
            deleted.add(new ObjectName(files(root).get("b"), ObjectType.FILE));
            deleted.add(new ObjectName(files(root2).get("z"), ObjectType.FILE)); // only c2, which is not walked
            deleted.add(new ObjectName(files(root3).get("zz"), ObjectType.FILE));
            deleted.add(new ObjectName(dir(root, "h").tree(), ObjectType.DIR_TREE)); // its file w is never reached
        }
        for (ObjectName n : corrupt) {
            byte[] data = Files.readAllBytes(objectPath(n));
            if (n.type() == ObjectType.DIR_TREE) {
                data = phantomTree();
            } else {
                data[data.length / 2] ^= 0x20;
            }
            overwrite(objectPath(n), data);
        }
        for (ObjectName n : deleted) {
            Files.delete(objectPath(n));
        }
        Checksum ghost = Checksum.sha256("ghost".getBytes(StandardCharsets.UTF_8));
        Files.writeString(repoDir().resolve("refs/heads/ghost"), ghost + "\n");
        String refProblem = "MISSING " + new ObjectName(ghost, ObjectType.COMMIT) + " ref ghost points to it";

        List<String> want = expected(listingOrder(), corrupt, deleted, refProblem, roots, trees);
        try (Repo repo = Repo.open(repoDir())) {
            FsckResult r = repo.fsck();
            assertThat(r.problems()).extracting(FsckOrderTest::line).containsExactlyElementsOf(want);
            assertThat(r.objectsChecked()).isEqualTo(listingOrder().size());
            assertThat(r.commitsWalked()).isEqualTo(2);
        }
        assertThat(want).hasSize(corrupt.size() + 4).anyMatch(s -> s.endsWith(" /h"));
    }

    @ParameterizedTest(name = "{0} extra files")
    @ValueSource(ints = {0, 300})
    void aCorruptDirtreeIsTheOnlyProblemWhetherItsGarbageParsesOrNot(int extra) throws IOException {
        DirTree root = root(bareUserOnlyCommit(extra));
        ObjectName d = new ObjectName(dir(root, "d").tree(), ObjectType.DIR_TREE);
        byte[] parseable = phantomTree();
        byte[] garbage = new byte[97];
        new SplittableRandom(3).nextBytes(garbage);
        for (byte[] bytes : List.of(parseable, garbage)) {
            overwrite(objectPath(d), bytes);
            try (Repo repo = Repo.open(repoDir())) {
                FsckResult r = repo.fsck();
                assertThat(r.problems()).singleElement().satisfies(p -> {
                    assertThat(p.object()).isEqualTo(d);
                    assertThat(p.kind()).isEqualTo(FsckResult.Problem.Kind.CORRUPT);
                });
                assertThat(r.commitsWalked()).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest(name = "{0} extra files")
    @ValueSource(ints = {0, 300})
    void aFileMissingUnderATreeIsReportedOnceWithItsPath(int extra) throws IOException {
        Checksum c = bareUserOnlyCommit(extra);
        Checksum dTree = dir(root(c), "d").tree();
        ObjectName file;
        try (Repo repo = Repo.open(repoDir())) {
            file = new ObjectName(files(repo.readDirTree(dTree)).get("c"), ObjectType.FILE);
        }
        Files.delete(objectPath(file));
        try (Repo repo = Repo.open(repoDir())) {
            FsckResult r = repo.fsck();
            assertThat(r.problems()).singleElement().satisfies(p -> {
                assertThat(p.object()).isEqualTo(file);
                assertThat(p.kind()).isEqualTo(FsckResult.Problem.Kind.MISSING);
                assertThat(p.detail()).isEqualTo("needed by commit " + c + " /d/c");
            });
            assertThat(r.objectsChecked()).isEqualTo(listingOrder().size());
        }
    }

    @Test
    void anEmptyRepositoryIsCleanWithNothingChecked() throws IOException {
        try (Repo repo = Repo.create(repoDir(), RepoMode.BARE_USER_ONLY)) {
            FsckResult r = repo.fsck();
            assertThat(r.problems()).isEmpty();
            assertThat(r.objectsChecked()).isZero();
            assertThat(r.commitsWalked()).isZero();
        }
    }

    @Test
    @Interop("ostree")
    void ostreeAgreesOnARepositoryWeFindCleanAndOnOneWithACorruptTreeAmongHundredsOfObjects() throws IOException {
        new OstreeCli(repoDir()).init("bare-user-only");
        Checksum c = commit(source("src", 300), "main");
        new OstreeCli(repoDir()).run("fsck").assertSuccess();
        ObjectName g = new ObjectName(dir(root(c), "g").tree(), ObjectType.DIR_TREE);
        try (Repo repo = Repo.open(repoDir())) {
            assertThat(repo.fsck().problems()).isEmpty();
        }
        overwrite(objectPath(g), DirTree.EMPTY.serialize());
        try (Repo repo = Repo.open(repoDir())) {
            assertThat(repo.fsck().problems()).singleElement()
                    .satisfies(p -> assertThat(p.object()).isEqualTo(g));
        }
        assertThat(new OstreeCli(repoDir()).run("fsck").exitCode()).isNotZero();
    }
}
