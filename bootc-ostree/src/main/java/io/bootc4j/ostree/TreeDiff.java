package io.bootc4j.ostree;

import java.util.List;

/**
 * Paths that differ between two trees ({@code ostree diff}), each absolute within the tree
 * ({@code /usr/bin/x}) and sorted. {@code modified}: present in both with different content,
 * metadata or type. {@code added}: only in the second tree (a new directory is listed with all its
 * descendants). {@code removed}: only in the first.
 */
public record TreeDiff(List<String> modified, List<String> removed, List<String> added) {

    public TreeDiff {
        modified = List.copyOf(modified);
        removed = List.copyOf(removed);
        added = List.copyOf(added);
    }

    public boolean isEmpty() {
        return modified.isEmpty() && removed.isEmpty() && added.isEmpty();
    }
}
