package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.Commit;
import io.bootc4j.ostree.ContentHasher;
import io.bootc4j.ostree.DirMeta;
import io.bootc4j.ostree.DirTree;
import io.bootc4j.ostree.FileHeader;
import io.bootc4j.ostree.FileObject;
import io.bootc4j.ostree.FsckResult;
import io.bootc4j.ostree.FsckResult.Problem;
import io.bootc4j.ostree.Metadata;
import io.bootc4j.ostree.ObjectFormatException;
import io.bootc4j.ostree.ObjectName;
import io.bootc4j.ostree.ObjectType;
import io.bootc4j.ostree.RefName;
import io.bootc4j.ostree.Repo;
import io.bootc4j.ostree.RepoMode;
import io.bootc4j.ostree.Xattrs;
import io.bootc4j.ostree.internal.nativeio.RegularFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ostree fsck}: (1) every loose object is re-hashed (content objects from the canonical
 * header + content stream, whatever the mode stores) and metadata objects are parsed strictly;
 * (2) every commit in the repository and every ref target is walked and each object it names must
 * exist. Commits marked partial ({@code state/CSUM.commitpartial}) are not walked. Problems are
 * collected, not thrown, in the order a single-threaded run finds them. Step (1) runs on one
 * worker per core, each with its own buffer and hasher; step (2) checks names against the set
 * step (1) listed instead of probing the filesystem per object.
 */
public final class Fsck {

    private final Repo repo;
    private final LooseObjects objects;
    private final RefStore refs;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<ObjectName> corrupt = new HashSet<>();
    private final Set<Checksum> walkedTrees = new HashSet<>();
    private Set<ObjectName> present = Set.of();
    private long checked;
    private long commits;

    public Fsck(Repo repo, LooseObjects objects, RefStore refs) {
        this.repo = repo;
        this.objects = objects;
        this.refs = refs;
    }

    public FsckResult run() throws IOException {
        List<ObjectName> listed = new ArrayList<>();
        objects.forEach(listed::add);
        present = new HashSet<>(listed);
        checked = listed.size();
        for (Problem p : verifyAll(listed)) {
            if (p != null) {
                corrupt.add(p.object());
                problems.add(p);
            }
        }
        List<Checksum> commitObjects = new ArrayList<>();
        for (ObjectName name : listed) {
            if (name.type() == ObjectType.COMMIT) {
                commitObjects.add(name.checksum());
            }
        }
        for (Map.Entry<RefName, Checksum> e : refs.list().entrySet()) {
            ObjectName c = new ObjectName(e.getValue(), ObjectType.COMMIT);
            if (!present.contains(c)) {
                problems.add(new Problem(c, Problem.Kind.MISSING, "ref " + e.getKey() + " points to it"));
            }
        }
        for (Checksum c : commitObjects) {
            walkCommit(c);
        }
        return new FsckResult(problems, checked, commits);
    }

    /** The problem found in each of {@code listed} (null: none), verified on one worker per core. */
    private Problem[] verifyAll(List<ObjectName> listed) throws IOException {
        Problem[] found = new Problem[listed.size()];
        AtomicInteger next = new AtomicInteger();
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), listed.size() / 64));
        List<Thread> extra = new ArrayList<>();
        for (int i = 1; i < threads; i++) {
            Thread t = new Thread(() -> new Verifier().drain(listed, next, found), "fsck-" + i);
            t.setDaemon(true);
            t.start();
            extra.add(t);
        }
        new Verifier().drain(listed, next, found);
        try {
            for (Thread t : extra) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("fsck interrupted");
        }
        return found;
    }

    /**
     * Re-hashes and parses objects; one per thread. It owns a hasher and a direct buffer: the
     * content of a bare-mode object is read straight into native memory and hashed there, so it
     * never passes through the Java heap.
     */
    private final class Verifier {
        private final ByteBuffer direct = ByteBuffer.allocateDirect(256 * 1024);
        private byte[] heap;
        private ContentHasher hasher;

        void drain(List<ObjectName> listed, AtomicInteger next, Problem[] found) {
            for (int i = next.getAndIncrement(); i < listed.size(); i = next.getAndIncrement()) {
                found[i] = verify(listed.get(i));
            }
        }

        private Problem verify(ObjectName name) {
            try {
                return switch (name.type()) {
                    case FILE -> verifyContent(name);
                    case COMMIT_META -> {
                        Metadata.parse(objects.readMetadata(name));
                        yield null;
                    }
                    case DIR_TREE, DIR_META, COMMIT -> verifyMetadata(name);
                    default -> null; // tombstones, payload links, split xattrs: nothing to re-hash in 2022.7's fsck
                };
            } catch (IOException | RuntimeException e) {
                return corruptProblem(name, e.getMessage());
            }
        }

        private Problem verifyMetadata(ObjectName name) throws IOException {
            byte[] data = objects.readMetadata(name);
            Checksum actual = Checksum.sha256(data);
            if (!actual.equals(name.checksum())) {
                return corruptProblem(name, "content checksums to " + actual);
            }
            switch (name.type()) {
                case DIR_TREE -> DirTree.parse(data);
                case DIR_META -> DirMeta.parse(data);
                default -> Commit.parse(data);
            }
            return null;
        }

        private Problem verifyContent(ObjectName name) throws IOException {
            RepoMode mode = objects.mode();
            if (mode == RepoMode.ARCHIVE) {
                return verifyArchived(name);
            }
            if (mode != RepoMode.BARE_SPLIT_XATTRS) {
                Optional<RegularFile> opened;
                try {
                    opened = RegularFile.open(objects.path(name));
                } catch (IOException e) {
                    opened = Optional.empty(); // LooseObjects below says what is wrong, as it always has
                }
                if (opened.isPresent()) {
                    try (RegularFile f = opened.get()) {
                        FileHeader h = headerOf(f, mode);
                        if (h != null) {
                            return hash(name, h, f.size(), f::read);
                        }
                    }
                }
            }
            // symlinks, split xattrs, odd objects: header by LooseObjects, content by channel
            FileObject f = objects.stat(name.checksum());
            if (f.isSymlink()) {
                return hash(name, f.header(), 0, buffer -> -1);
            }
            try (FileChannel ch = FileChannel.open(objects.path(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                return hash(name, f.header(), f.size(), ch::read);
            }
        }

        /**
         * The header of a bare-mode regular object read through its descriptor (as
         * {@link LooseObjects#stat} would give it), or null where only LooseObjects can judge:
         * a bare-user symlink object, or a missing or malformed {@code user.ostreemeta}.
         */
        private FileHeader headerOf(RegularFile f, RepoMode mode) throws IOException {
            return switch (mode) {
                case BARE -> new FileHeader(f.uid(), f.gid(), f.mode(), 0, "", xattrsOf(f));
                case BARE_USER_ONLY -> new FileHeader(0, 0, f.mode(), 0, "", Xattrs.EMPTY);
                default -> {
                    Optional<byte[]> meta = f.xattr(LooseObjects.OSTREEMETA);
                    DirMeta m;
                    try {
                        m = meta.isPresent() ? DirMeta.parse(meta.get()) : null;
                    } catch (ObjectFormatException e) {
                        m = null;
                    }
                    yield m != null && (m.mode() & FsEntry.S_IFMT) == FsEntry.S_IFREG
                            ? new FileHeader(m.uid(), m.gid(), m.mode(), 0, "", m.xattrs()) : null;
                }
            };
        }

        private Xattrs xattrsOf(RegularFile f) throws IOException {
            List<String> names = f.xattrNames();
            if (names.isEmpty()) {
                return Xattrs.EMPTY;
            }
            Map<String, byte[]> map = new LinkedHashMap<>();
            for (String n : names) {
                f.xattr(n).ifPresent(v -> map.put(n, v));
            }
            return Xattrs.ofFilesystem(map);
        }

        /** Hashes {@code header} and what {@code source} yields through the direct buffer. */
        private Problem hash(ObjectName name, FileHeader header, long declared, DirectSource source) throws IOException {
            hasher = hasher == null ? ContentHasher.begin(header) : hasher.restart(header);
            long total = 0;
            while (true) {
                direct.clear();
                int n = source.read(direct);
                if (n < 0) {
                    break;
                }
                direct.flip();
                hasher.update(direct);
                total += n;
            }
            return finish(name, total, declared);
        }

        /** An archive object's content is inflated on the heap; it is hashed from there. */
        private Problem verifyArchived(ObjectName name) throws IOException {
            if (heap == null) {
                heap = new byte[256 * 1024];
            }
            try (FileObject f = objects.openFile(name.checksum())) {
                hasher = hasher == null ? ContentHasher.begin(f.header()) : hasher.restart(f.header());
                InputStream in = f.content();
                long total = 0;
                int n;
                while ((n = in.read(heap)) > 0) {
                    hasher.update(heap, 0, n);
                    total += n;
                }
                return finish(name, total, f.size());
            }
        }

        private Problem finish(ObjectName name, long total, long declared) {
            if (total != declared) {
                hasher.finish();
                return corruptProblem(name, "content has " + total + " bytes, the header says " + declared);
            }
            Checksum actual = hasher.finish();
            return actual.equals(name.checksum()) ? null : corruptProblem(name, "content checksums to " + actual);
        }
    }

    /** Fills a direct buffer from its position: bytes read, or -1 at the end. */
    private interface DirectSource {
        int read(ByteBuffer buffer) throws IOException;
    }

    private static Problem corruptProblem(ObjectName name, String detail) {
        return new Problem(name, Problem.Kind.CORRUPT, detail);
    }

    private void walkCommit(Checksum c) throws IOException {
        ObjectName name = new ObjectName(c, ObjectType.COMMIT);
        if (corrupt.contains(name) || Files.exists(repo.path().resolve("state/" + c + ".commitpartial"))) {
            return;
        }
        commits++;
        Commit commit;
        try {
            commit = Commit.parse(objects.readMetadata(name));
        } catch (IOException e) {
            return; // already reported by verify
        }
        String ctx = "commit " + c;
        need(new ObjectName(commit.rootMeta(), ObjectType.DIR_META), ctx + " root dirmeta");
        walkTree(commit.rootTree(), ctx + " /");
    }

    private void walkTree(Checksum tree, String path) throws IOException {
        ObjectName name = new ObjectName(tree, ObjectType.DIR_TREE);
        if (!walkedTrees.add(tree) || !need(name, path) || corrupt.contains(name)) {
            return;
        }
        DirTree t;
        try {
            t = DirTree.parse(objects.readMetadata(name));
        } catch (IOException e) {
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

    private final Set<ObjectName> reportedMissing = new HashSet<>();

    private boolean need(ObjectName name, String referrer) {
        if (present.contains(name)) {
            return true;
        }
        if (reportedMissing.add(name)) {
            problems.add(new Problem(name, Problem.Kind.MISSING, "needed by " + referrer));
        }
        return false;
    }
}
