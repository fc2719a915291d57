package io.bootc4j.ostree;

/** What {@link Repo#prune} did: objects seen, objects deleted (or that would be), bytes freed. */
public record PruneResult(long objectsTotal, long objectsPruned, long bytesFreed) {}
