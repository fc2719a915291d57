package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import io.bootc4j.ostree.internal.nativeio.LinuxFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * fsck re-hashes the content of every file object in the bare modes, reading it by channel in
 * 256 KiB pieces: damage anywhere in a file (past the first piece included) is found, and only
 * the damaged object is reported.
 */
class FsckContentTest {

    @TempDir
    Path tmp;

    private static final int BIG = 700_000;

    private Checksum commit(Path repoDir, RepoMode mode) throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("etc"));
        Files.writeString(src.resolve("etc/hostname"), "host\n");
        Files.write(src.resolve("empty"), new byte[0]);
        byte[] big = new byte[BIG];
        new SplittableRandom(7).nextBytes(big);
        Files.write(src.resolve("big"), big);
        Files.createSymbolicLink(src.resolve("link"), Path.of("etc/hostname"));
        Files.writeString(src.resolve("labelled"), "with a long xattr\n");
        LinuxFiles.setXattr(src.resolve("labelled"), "user.long", "v".repeat(3000).getBytes(StandardCharsets.UTF_8));
        LinuxFiles.setXattr(src.resolve("labelled"), "user.short", new byte[] {1});
        try (Repo repo = Repo.create(repoDir, mode); RepoTransaction tx = repo.newTransaction()) {
            Checksum c = tx.commit(CommitSpec.fromDirectory(src).build());
            tx.complete();
            return c;
        }
    }

    private static Checksum contentOf(Repo repo, Checksum commit, String name) throws IOException {
        DirTree root = repo.readDirTree(repo.readCommit(commit).rootTree());
        return root.files().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow().content();
    }

    @ParameterizedTest
    @EnumSource(value = RepoMode.class, names = {"BARE", "BARE_USER", "BARE_USER_ONLY"})
    void aByteFlippedPastTheFirstReadOfABigFileIsTheOnlyProblemFsckReports(RepoMode mode) throws IOException {
        Path repoDir = tmp.resolve("repo");
        Checksum commit = commit(repoDir, mode);
        try (Repo repo = Repo.open(repoDir)) {
            assertThat(repo.fsck().problems()).isEmpty();
            Checksum big = contentOf(repo, commit, "big");
            Path object = repoDir.resolve("objects/" + big.toString().substring(0, 2) + "/" + big.toString().substring(2) + ".file");
            object.toFile().setWritable(true);
            try (RandomAccessFile f = new RandomAccessFile(object.toFile(), "rw")) {
                f.seek(BIG - 3);
                int b = f.read();
                f.seek(BIG - 3);
                f.write(b ^ 0x01);
            }
            FsckResult r = repo.fsck();
            assertThat(r.problems()).singleElement().satisfies(p -> {
                assertThat(p.object()).isEqualTo(new ObjectName(big, ObjectType.FILE));
                assertThat(p.kind()).isEqualTo(FsckResult.Problem.Kind.CORRUPT);
                assertThat(p.detail()).contains("checksums to");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = RepoMode.class, names = {"BARE", "BARE_USER", "BARE_USER_ONLY"})
    void aCleanRepositoryWithSymlinksEmptyFilesAndLongXattrsHasNoProblems(RepoMode mode) throws IOException {
        Path repoDir = tmp.resolve("repo");
        commit(repoDir, mode);
        try (Repo repo = Repo.open(repoDir)) {
            FsckResult r = repo.fsck();
            assertThat(r.problems()).isEmpty();
            assertThat(r.objectsChecked()).isGreaterThan(6);
        }
    }

    @org.junit.jupiter.api.Test
    void anXattrAddedToABareObjectChangesItsChecksumAndFsckSaysSo() throws IOException {
        Path repoDir = tmp.resolve("repo");
        Checksum commit = commit(repoDir, RepoMode.BARE);
        try (Repo repo = Repo.open(repoDir)) {
            Checksum labelled = contentOf(repo, commit, "labelled");
            Path object = repoDir.resolve("objects/" + labelled.toString().substring(0, 2) + "/"
                    + labelled.toString().substring(2) + ".file");
            LinuxFiles.setXattr(object, "user.added", new byte[] {2});
            assertThat(repo.fsck().problems()).singleElement().satisfies(p -> {
                assertThat(p.object()).isEqualTo(new ObjectName(labelled, ObjectType.FILE));
                assertThat(p.kind()).isEqualTo(FsckResult.Problem.Kind.CORRUPT);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = RepoMode.class, names = {"BARE", "BARE_USER"})
    void aTruncatedObjectIsReportedCorrupt(RepoMode mode) throws IOException {
        Path repoDir = tmp.resolve("repo");
        Checksum commit = commit(repoDir, mode);
        try (Repo repo = Repo.open(repoDir)) {
            Checksum big = contentOf(repo, commit, "big");
            Path object = repoDir.resolve("objects/" + big.toString().substring(0, 2) + "/" + big.toString().substring(2) + ".file");
            try (RandomAccessFile f = new RandomAccessFile(object.toFile(), "rw")) {
                f.setLength(300_000);
            }
            assertThat(repo.fsck().problems()).singleElement()
                    .satisfies(p -> assertThat(p.object()).isEqualTo(new ObjectName(big, ObjectType.FILE)));
        }
    }
}
