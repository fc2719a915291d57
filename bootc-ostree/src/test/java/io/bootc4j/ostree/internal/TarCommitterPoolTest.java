package io.bootc4j.ostree.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.ostree.Repo;
import io.bootc4j.ostree.RepoMode;
import io.bootc4j.testing.Processes;
import io.bootc4j.testing.TestTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** Tar commits with files written on a pool against the single-thread path, on real repositories. */
class TarCommitterPoolTest {

    @TempDir
    Path tmp;

    private record Written(DirectoryCommitter.Root root, List<String> objects) {}

    private Written commit(Path tar, RepoMode mode, int threads, String name) throws IOException {
        Path repoDir = tmp.resolve(name);
        Repo.create(repoDir, mode).close();
        DirectoryCommitter.Root root;
        try (StagingArea staging = StagingArea.allocate(Files.createDirectories(repoDir.resolve("tmp")));
                ObjectWriter writer = new ObjectWriter(new LooseObjects(repoDir, mode), staging, false, false, 6);
                InputStream in = Files.newInputStream(tar)) {
            root = new TarCommitter(writer, new TreeModifier(false, false), threads).commit(in);
            writer.publish();
        }
        try (Stream<Path> s = Files.walk(repoDir.resolve("objects"))) {
            return new Written(root, s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> repoDir.resolve("objects").relativize(p).toString()).sorted().toList());
        }
    }

    @ParameterizedTest
    @EnumSource(value = RepoMode.class, names = {"BARE", "ARCHIVE"})
    void writingTarEntriesOnSeveralThreadsGivesTheSameTreeAndObjectsAsOneThread(RepoMode mode) throws IOException {
        // everyKind has hardlinks, small files (pooled) and files larger than the pooled limit
        Path src = TestTrees.everyKind(tmp.resolve("src"), 11);
        Path tar = tmp.resolve("src.tar");
        Processes.run(List.of("tar", "--numeric-owner", "--xattrs", "-C", src.toString(), "-cf", tar.toString(), "."))
                .assertSuccess();
        Written one = commit(tar, mode, 1, "one");
        Written four = commit(tar, mode, 4, "four");
        assertThat(four.root()).isEqualTo(one.root());
        assertThat(four.objects()).isEqualTo(one.objects()).isNotEmpty();
    }
}
