package io.bootc4j.ostree.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.bootc4j.ostree.Repo;
import io.bootc4j.ostree.RepoMode;
import io.bootc4j.testing.TestTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** The parallel directory walk against the single-thread one, on real repositories. */
class DirectoryCommitterTest {

    @TempDir
    Path tmp;

    private record Written(DirectoryCommitter.Root root, List<String> objects) {}

    private Written commit(Path src, RepoMode mode, int threads, String name) throws IOException {
        Path repoDir = tmp.resolve(name);
        Repo.create(repoDir, mode).close();
        LooseObjects objects = new LooseObjects(repoDir, mode);
        DirectoryCommitter.Root root;
        try (StagingArea staging = StagingArea.allocate(Files.createDirectories(repoDir.resolve("tmp")));
                ObjectWriter writer = new ObjectWriter(objects, staging, false, false, 6)) {
            root = new DirectoryCommitter(writer, new TreeModifier(false, false), threads).commit(src);
            writer.publish();
        }
        try (Stream<Path> s = Files.walk(repoDir.resolve("objects"))) {
            List<String> names = s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> repoDir.resolve("objects").relativize(p).toString()).sorted().toList();
            return new Written(root, names);
        }
    }

    @ParameterizedTest
    @EnumSource(value = RepoMode.class, names = {"BARE", "ARCHIVE", "BARE_USER"})
    void writingFilesOnSeveralThreadsGivesTheSameTreeAndObjectsAsOneThread(RepoMode mode) throws IOException {
        Path src = TestTrees.everyKind(tmp.resolve("src"), 7);
        Written one = commit(src, mode, 1, "one");
        Written four = commit(src, mode, 4, "four");
        assertThat(four.root()).isEqualTo(one.root());
        assertThat(four.objects()).isEqualTo(one.objects()).isNotEmpty();
    }

    @Test
    void theFirstUnsupportedEntryInWalkOrderIsReportedWhateverTheThreadCount() throws IOException {
        Path src = TestTrees.everyKind(tmp.resolve("src"), 11);
        for (int d = 0; d < 12; d++) { // enough files that the writers are still busy when the walk fails
            Path dir = Files.createDirectories(src.resolve("many/d" + d));
            for (int f = 0; f < 40; f++) {
                Files.write(dir.resolve("f" + f), new byte[1000 * f + d]);
            }
        }
        io.bootc4j.testing.Processes.run(List.of("mkfifo", src.resolve("many/d3/fifo").toString(),
                src.resolve("many/d9/fifo").toString(), src.resolve("fifo-at-top").toString())).assertSuccess();
        Throwable one = catchThrowable(() -> commit(src, RepoMode.BARE, 1, "one"));
        assertThat(one).isInstanceOf(io.bootc4j.ostree.ObjectFormatException.class).hasMessageContaining("unsupported file type");
        for (int run = 0; run < 5; run++) {
            Throwable four = catchThrowable(() -> commit(src, RepoMode.BARE, 4, "four-" + System.nanoTime()));
            assertThat(four).isInstanceOf(io.bootc4j.ostree.ObjectFormatException.class).hasMessage(one.getMessage());
        }
    }

    @Test
    void anEmptyDirectoryAndADeepChainCommitTheSameOnOneAndFourThreads() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/a/b/c/d/e/f/g"));
        Files.createDirectories(tmp.resolve("src/empty"));
        Files.writeString(src.resolve("leaf"), "leaf\n");
        Path top = tmp.resolve("src");
        assertThat(commit(top, RepoMode.BARE, 4, "four").root()).isEqualTo(commit(top, RepoMode.BARE, 1, "one").root());
        Path empty = Files.createDirectories(tmp.resolve("nothing"));
        assertThat(commit(empty, RepoMode.BARE, 4, "four-empty").root())
                .isEqualTo(commit(empty, RepoMode.BARE, 1, "one-empty").root());
    }

    @Test
    void aFileNameThatIsNotUtf8IsRefusedNamingItAndARealReplacementCharacterIsKept() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/dir"));
        Files.writeString(src.resolve("a\uFFFDb"), "a real U+FFFD, valid UTF-8\n");
        Written one = commit(tmp.resolve("src"), RepoMode.BARE, 1, "ok-one");
        assertThat(commit(tmp.resolve("src"), RepoMode.BARE, 4, "ok-four").root()).isEqualTo(one.root());
        // bytes 0xff and 0xfe are never UTF-8; Java cannot make such a name, the shell can
        io.bootc4j.testing.Processes.run(List.of("sh", "-c", "printf x > \"$(printf 'bad\\377\\376')\"", "sh"),
                src, java.util.Map.of(), java.time.Duration.ofSeconds(10)).assertSuccess();
        for (int threads : new int[] {1, 4}) {
            Throwable t = catchThrowable(() -> commit(tmp.resolve("src"), RepoMode.BARE, threads, "bad-" + threads));
            assertThat(t).isInstanceOf(io.bootc4j.ostree.ObjectFormatException.class)
                    .hasMessageContaining(src.toString()).hasMessageContaining("not valid UTF-8");
        }
    }
}
