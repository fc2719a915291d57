package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.Commit;
import io.bootc4j.ostree.DirTree;
import io.bootc4j.ostree.FsckResult.Problem;
import io.bootc4j.ostree.ObjectName;
import io.bootc4j.ostree.ObjectType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reachability half of {@link Fsck}, run by one thread while the others verify content
 * objects. Every commit listed is walked, in listing order, tree by tree (files, then
 * subdirectories, each in dirtree order); each object it names must have been listed. The walk
 * itself verifies the commits and dirtrees ({@link #verifies}): each is read, hashed and parsed
 * once, and a corrupt one is not walked into, so its garbage never yields MISSING problems. Its
 * verdicts land in the shared per-object array at the object's listing index, exactly where a
 * verifier thread would have put them; the commits and dirtrees no walk reached are verified
 * after it. Nothing parsed outlives the tree being walked.
 */
final class FsckWalk {

    private final Path repoDir;
    private final List<ObjectName> listed;
    private final Problem[] found;
    private final ObjectVerifier verifier;
    private final boolean[] verified;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<Checksum> walkedTrees = new HashSet<>();
    private final Set<ObjectName> reportedMissing = new HashSet<>();
    private Map<ObjectName, Integer> index = Map.of();
    private long commits;

    /** Walks {@code listed} (the order {@link LooseObjects#forEach} gave), recording verdicts in {@code found}. */
    FsckWalk(Path repoDir, List<ObjectName> listed, Problem[] found, ObjectVerifier verifier) {
        this.repoDir = repoDir;
        this.listed = listed;
        this.found = found;
        this.verifier = verifier;
        this.verified = new boolean[listed.size()];
    }

    /** Whether objects of {@code type} are verified by the walk, not by the verifier threads. */
    static boolean verifies(ObjectType type) {
        return type == ObjectType.COMMIT || type == ObjectType.DIR_TREE;
    }

    void run() {
        index = new HashMap<>(listed.size() * 4 / 3 + 1);
        for (int i = 0; i < listed.size(); i++) {
            index.put(listed.get(i), i);
        }
        for (int i = 0; i < listed.size(); i++) {
            if (listed.get(i).type() == ObjectType.COMMIT) {
                walkCommit(i);
            }
        }
        for (int i = 0; i < listed.size(); i++) {
            if (verifies(listed.get(i).type()) && !verified[i]) {
                found[i] = verifier.verify(listed.get(i));
            }
        }
    }

    /** Whether {@code name} was listed; valid once {@link #run} has ended. */
    boolean isPresent(ObjectName name) {
        return index.containsKey(name);
    }

    /** The MISSING problems, in the order the walk found them. */
    List<Problem> problems() {
        return problems;
    }

    long commitsWalked() {
        return commits;
    }

    private void walkCommit(int i) {
        Checksum c = listed.get(i).checksum();
        Commit commit = check(i, Commit::parse);
        if (commit == null || Files.exists(repoDir.resolve("state/" + c + ".commitpartial"))) {
            return;
        }
        commits++;
        String ctx = "commit " + c;
        need(new ObjectName(commit.rootMeta(), ObjectType.DIR_META), ctx + " root dirmeta");
        walkTree(commit.rootTree(), ctx + " /");
    }

    private void walkTree(Checksum tree, String path) {
        ObjectName name = new ObjectName(tree, ObjectType.DIR_TREE);
        if (!walkedTrees.add(tree) || !need(name, path)) {
            return;
        }
        DirTree t = check(index.get(name), DirTree::parse);
        if (t == null) {
            return;
        }
        String base = path.endsWith("/") ? path : path + "/";
        for (DirTree.File f : t.files()) {
            need(new ObjectName(f.content(), ObjectType.FILE), base + f.name());
        }
        for (DirTree.Dir d : t.dirs()) {
            need(new ObjectName(d.meta(), ObjectType.DIR_META), base + d.name());
            walkTree(d.tree(), base + d.name());
        }
    }

    /** Verifies the listed object at {@code i} (once) and returns it parsed, or null if it is corrupt. */
    private <T> T check(int i, ObjectVerifier.MetadataParser<T> parser) {
        ObjectVerifier.Checked<T> r = verifier.checkMetadata(listed.get(i), parser);
        found[i] = r.problem();
        verified[i] = true;
        return r.value();
    }

    private boolean need(ObjectName name, String referrer) {
        if (index.containsKey(name)) {
            return true;
        }
        if (reportedMissing.add(name)) {
            problems.add(new Problem(name, Problem.Kind.MISSING, "needed by " + referrer));
        }
        return false;
    }
}
