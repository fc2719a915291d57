package io.bootc4j.ostree;

import java.nio.file.Path;
import java.util.List;

/**
 * Child process of {@link RepoCrashTest}: commits {@code SRC} into {@code REPO} again and again
 * (each commit a new subject, so every round publishes a commit and moves a ref) until killed.
 */
public final class CrashCommitMain {

    private CrashCommitMain() {}

    public static void main(String[] args) throws Exception {
        Path repoDir = Path.of(args[0]);
        Path src = Path.of(args[1]);
        try (Repo repo = Repo.open(repoDir)) {
            for (int i = 0; ; i++) {
                try (RepoTransaction tx = repo.newTransaction()) {
                    Checksum c = tx.commit(CommitSpec.fromDirectory(src).subject("round " + i)
                            .refBindings(List.of("main")).build());
                    tx.setRef("main", c);
                    tx.complete();
                }
                System.out.println("committed " + i);
            }
        }
    }
}
