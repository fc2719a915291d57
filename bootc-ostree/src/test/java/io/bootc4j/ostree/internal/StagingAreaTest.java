package io.bootc4j.ostree.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingAreaTest {

    @TempDir
    Path tmp;

    @Test
    void eachThreadWritesIntoItsOwnSubdirectoryOfTheArea() throws Exception {
        try (StagingArea area = StagingArea.allocate(tmp)) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                Callable<List<Path>> twoPaths = () -> List.of(area.newTempPath(), area.newTempPath());
                List<Future<List<Path>>> futures = pool.invokeAll(List.of(twoPaths, twoPaths, twoPaths));
                Set<Path> parents = new HashSet<>();
                Set<Path> all = new HashSet<>();
                for (Future<List<Path>> f : futures) {
                    List<Path> mine = f.get();
                    assertThat(mine.get(0).getParent()).isEqualTo(mine.get(1).getParent());
                    parents.add(mine.get(0).getParent());
                    all.addAll(mine);
                }
                assertThat(all).hasSize(6);
                assertThat(parents).allSatisfy(p -> {
                    assertThat(p.getParent()).isEqualTo(area.dir());
                    assertThat(p).isDirectory();
                });
                // a pool may reuse a thread for two tasks, never one directory for two threads at once
                assertThat(parents.size()).isBetween(1, 3);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void tempPathsDoNotExistYetAndCanBeCreated() throws IOException {
        try (StagingArea area = StagingArea.allocate(tmp)) {
            Path p = area.newTempPath();
            assertThat(p).doesNotExist();
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                assertThat(ch.size()).isZero();
            }
            assertThat(area.newTempPath()).isNotEqualTo(p).doesNotExist();
        }
    }

    @Test
    void closingRemovesTheAreaWithEveryThreadsSubdirectoryAndItsLock() throws Exception {
        Path dir;
        try (StagingArea area = StagingArea.allocate(tmp)) {
            dir = area.dir();
            Files.writeString(area.newTempPath(), "main thread");
            Thread t = new Thread(() -> {
                try {
                    Files.writeString(area.newTempPath(), "other thread");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            t.start();
            t.join();
            try (Stream<Path> s = Files.list(dir)) {
                assertThat(s.count()).isEqualTo(2);
            }
        }
        assertThat(dir).doesNotExist();
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s).isEmpty();
        }
    }
}
