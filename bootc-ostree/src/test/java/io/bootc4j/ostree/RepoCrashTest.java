package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import io.bootc4j.testing.TestTrees;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: a process committing in a loop is killed with SIGKILL at different moments (so
 * in different phases: writing objects, publishing, writing refs); each time the repository must
 * pass {@code ostree fsck} and bootc4j's fsck, and the next transaction must work.
 */
@Interop("ostree")
class RepoCrashTest {

    @TempDir
    Path tmp;

    @Test
    void aCommitKilledAtAnyMomentLeavesARepoThatOstreeFsckAccepts() throws Exception {
        Path src = TestTrees.everyKind(tmp.resolve("src"), 9);
        Path repoDir = tmp.resolve("repo");
        Repo.create(repoDir, RepoMode.BARE).close();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (long delayMs : new long[] {900, 1500, 2200, 3100}) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CrashCommitMain.class.getName(), repoDir.toString(), src.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("child-" + delayMs + ".log").toFile()).start();
            boolean exited = p.waitFor(delayMs, TimeUnit.MILLISECONDS);
            Path log = tmp.resolve("child-" + delayMs + ".log");
            assertThat(exited).as(() -> "the committing child died on its own; its output:\n" + readQuietly(log)).isFalse();
            p.destroyForcibly().waitFor();
            new OstreeCli(repoDir).run("fsck").assertSuccess();
            try (Repo repo = Repo.open(repoDir)) {
                assertThat(repo.fsck().problems()).as("after SIGKILL at " + delayMs + " ms").isEmpty();
                try (RepoTransaction tx = repo.newTransaction(false)) {
                    tx.setRef("after-crash", tx.commit(CommitSpec.fromDirectory(src).refBindings(List.of("x")).build()));
                    tx.complete();
                }
            }
        }
        new OstreeCli(repoDir).run("fsck").assertSuccess();
    }

    private static String readQuietly(Path log) {
        try {
            return java.nio.file.Files.readString(log);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
