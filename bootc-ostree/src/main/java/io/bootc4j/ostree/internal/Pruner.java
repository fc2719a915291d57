package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.Commit;
import io.bootc4j.ostree.DirTree;
import io.bootc4j.ostree.ObjectName;
import io.bootc4j.ostree.ObjectType;
import io.bootc4j.ostree.PruneOptions;
import io.bootc4j.ostree.PruneResult;
import io.bootc4j.ostree.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ostree prune} ({@code ostree-repo-prune.c}): marks everything reachable from the roots
 * (refs with {@code --refs-only}, else every commit), following parents up to the depth, then
 * deletes every other loose object; a deleted commit takes its {@code .commitmeta} with it. The
 * caller holds the exclusive repository lock. Missing objects are not an error (a pruned parent
 * is normal).
 */
public final class Pruner {

    private final Repo repo;
    private final LooseObjects objects;
    private final RefStore refs;
    private final Set<ObjectName> reachable = new HashSet<>();

    public Pruner(Repo repo, LooseObjects objects, RefStore refs) {
        this.repo = repo;
        this.objects = objects;
        this.refs = refs;
    }

    public PruneResult prune(PruneOptions options) throws IOException {
        List<Checksum> roots = new ArrayList<>();
        List<ObjectName> all = new ArrayList<>();
        objects.forEach(all::add);
        if (options.refsOnly()) {
            roots.addAll(refs.list().values());
        } else {
            for (ObjectName n : all) {
                if (n.type() == ObjectType.COMMIT) {
                    roots.add(n.checksum());
                }
            }
        }
        for (Checksum c : roots) {
            markCommit(c, options.depth());
        }
        long pruned = 0;
        long bytes = 0;
        for (ObjectName n : all) {
            boolean keep = reachable.contains(n)
                    || (n.type() == ObjectType.COMMIT_META && reachable.contains(new ObjectName(n.checksum(), ObjectType.COMMIT)))
                    || !(n.type() == ObjectType.FILE || n.type() == ObjectType.DIR_TREE || n.type() == ObjectType.DIR_META
                        || n.type() == ObjectType.COMMIT || n.type() == ObjectType.COMMIT_META);
            if (keep) {
                continue;
            }
            Path p = objects.path(n);
            long size = Files.isSymbolicLink(p) ? 0 : Files.size(p);
            if (!options.dryRun()) {
                Files.deleteIfExists(p);
                if (n.type() == ObjectType.COMMIT) {
                    Files.deleteIfExists(repo.path().resolve("state/" + n.checksum() + ".commitpartial"));
                }
            }
            pruned++;
            bytes += size;
        }
        return new PruneResult(all.size(), pruned, bytes);
    }

    private void markCommit(Checksum c, int depth) throws IOException {
        ObjectName name = new ObjectName(c, ObjectType.COMMIT);
        if (!objects.contains(name) || !reachable.add(name)) {
            return;
        }
        Commit commit = repo.readCommit(c);
        reachable.add(new ObjectName(commit.rootMeta(), ObjectType.DIR_META));
        markTree(commit.rootTree());
        if (depth != 0 && commit.parent().isPresent()) {
            markCommit(commit.parent().get(), depth < 0 ? -1 : depth - 1);
        }
    }

    private void markTree(Checksum tree) throws IOException {
        ObjectName name = new ObjectName(tree, ObjectType.DIR_TREE);
        if (!reachable.add(name) || !Files.exists(objects.path(name), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        DirTree t = repo.readDirTree(tree);
        for (DirTree.File f : t.files()) {
            reachable.add(new ObjectName(f.content(), ObjectType.FILE));
        }
        for (DirTree.Dir d : t.dirs()) {
            reachable.add(new ObjectName(d.meta(), ObjectType.DIR_META));
            markTree(d.tree());
        }
    }
}
