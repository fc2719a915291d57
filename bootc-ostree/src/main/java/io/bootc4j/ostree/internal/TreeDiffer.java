package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.Commit;
import io.bootc4j.ostree.ContentHasher;
import io.bootc4j.ostree.DirMeta;
import io.bootc4j.ostree.DirTree;
import io.bootc4j.ostree.FileHeader;
import io.bootc4j.ostree.Repo;
import io.bootc4j.ostree.TreeDiff;
import io.bootc4j.ostree.Xattrs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ostree diff} ({@code ostree_diff_dirs}): compares two trees by ostree checksums, a commit
 * on one side and a commit or a directory on disk on the other. Files compare by content checksum
 * (content, owner, mode, xattrs, symlink target), directories by dirmeta checksum; identical
 * subtrees of two commits are skipped without reading them.
 */
public final class TreeDiffer {

    /** One name in a directory: a file (content checksum) or a directory (dirmeta checksum, and a way to list it). */
    private record Entry(boolean dir, Checksum checksum, Checksum tree, Path path) {}

    private final Repo repo;
    private final List<String> modified = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private final List<String> added = new ArrayList<>();

    private TreeDiffer(Repo repo) {
        this.repo = repo;
    }

    public static TreeDiff commits(Repo repo, Checksum from, Checksum to) throws IOException {
        Commit a = repo.readCommit(from);
        Commit b = repo.readCommit(to);
        TreeDiffer d = new TreeDiffer(repo);
        d.diff(new Entry(true, a.rootMeta(), a.rootTree(), null), new Entry(true, b.rootMeta(), b.rootTree(), null), "");
        return d.result();
    }

    public static TreeDiff directory(Repo repo, Checksum from, Path dir) throws IOException {
        Commit a = repo.readCommit(from);
        TreeDiffer d = new TreeDiffer(repo);
        d.diff(new Entry(true, a.rootMeta(), a.rootTree(), null), entryOf(dir), "");
        return d.result();
    }

    private TreeDiff result() {
        Collections.sort(modified);
        Collections.sort(removed);
        Collections.sort(added);
        return new TreeDiff(modified, removed, added);
    }

    private void diff(Entry a, Entry b, String prefix) throws IOException {
        if (a.tree() != null && a.tree().equals(b.tree())) {
            return;
        }
        Map<String, Entry> left = list(a);
        Map<String, Entry> right = list(b);
        for (Map.Entry<String, Entry> e : left.entrySet()) {
            String path = prefix + "/" + e.getKey();
            Entry r = right.get(e.getKey());
            Entry l = e.getValue();
            if (r == null) {
                removed.add(path);
            } else if (l.dir() != r.dir()) {
                modified.add(path);
            } else if (!l.dir()) {
                if (!l.checksum().equals(r.checksum())) {
                    modified.add(path);
                }
            } else {
                if (!l.checksum().equals(r.checksum())) {
                    modified.add(path);
                }
                diff(l, r, path);
            }
        }
        for (Map.Entry<String, Entry> e : right.entrySet()) {
            if (!left.containsKey(e.getKey())) {
                addAll(e.getValue(), prefix + "/" + e.getKey());
            }
        }
    }

    private void addAll(Entry e, String path) throws IOException {
        added.add(path);
        if (e.dir()) {
            for (Map.Entry<String, Entry> c : list(e).entrySet()) {
                addAll(c.getValue(), path + "/" + c.getKey());
            }
        }
    }

    private Map<String, Entry> list(Entry dir) throws IOException {
        Map<String, Entry> out = new TreeMap<>();
        if (dir.path() == null) {
            DirTree t = repo.readDirTree(dir.tree());
            for (DirTree.File f : t.files()) {
                out.put(f.name(), new Entry(false, f.content(), null, null));
            }
            for (DirTree.Dir d : t.dirs()) {
                out.put(d.name(), new Entry(true, d.meta(), d.tree(), null));
            }
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.path())) {
            for (Path p : ds) {
                out.put(p.getFileName().toString(), entryOf(p));
            }
        }
        return out;
    }

    private static Entry entryOf(Path p) throws IOException {
        FsEntry st = FsEntry.lstat(p);
        Xattrs x = FsEntry.readXattrs(p);
        if (st.isDirectory()) {
            return new Entry(true, new DirMeta(st.uid(), st.gid(), st.mode(), x).checksum(), null, p);
        }
        if (st.isSymlink()) {
            return new Entry(false, ContentHasher.ofSymlink(new FileHeader(st.uid(), st.gid(), st.mode(), 0, st.symlinkTarget(), x)),
                    null, p);
        }
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            return new Entry(false, ContentHasher.ofFile(new FileHeader(st.uid(), st.gid(), st.mode(), 0, "", x), in), null, p);
        }
    }
}
