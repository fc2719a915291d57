package io.bootc4j.ostree;

/**
 * What {@link Repo#prune} keeps ({@code ostree prune} options).
 *
 * @param refsOnly keep only what refs reach ({@code --refs-only}); otherwise every commit in the
 *     repository is a root and only objects no commit reaches are deleted
 * @param depth how many parents of each root commit to keep ({@code --depth}; -1 = all, 0 = none)
 * @param dryRun report without deleting ({@code --no-prune})
 */
public record PruneOptions(boolean refsOnly, int depth, boolean dryRun) {

    public PruneOptions {
        if (depth < -1) {
            throw new IllegalArgumentException("prune depth must be -1 (unlimited) or >= 0, got " + depth);
        }
    }

    /** {@code ostree prune}: delete objects no commit reaches, keep all history. */
    public static PruneOptions defaults() {
        return new PruneOptions(false, -1, false);
    }
}
