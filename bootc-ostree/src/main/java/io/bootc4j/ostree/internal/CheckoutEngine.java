package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.CheckoutOptions;
import io.bootc4j.ostree.Commit;
import io.bootc4j.ostree.DirMeta;
import io.bootc4j.ostree.DirTree;
import io.bootc4j.ostree.FileHeader;
import io.bootc4j.ostree.FileObject;
import io.bootc4j.ostree.ObjectName;
import io.bootc4j.ostree.ObjectNotFoundException;
import io.bootc4j.ostree.ObjectType;
import io.bootc4j.ostree.Repo;
import io.bootc4j.ostree.RepoMode;
import io.bootc4j.ostree.UnsafeNameException;
import io.bootc4j.ostree.internal.nativeio.DirectoryFd;
import io.bootc4j.ostree.internal.nativeio.FileCopy;
import io.bootc4j.ostree.internal.nativeio.LinuxFiles;
import io.bootc4j.ostree.internal.nativeio.RegularFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a commit's tree to a directory ({@code ostree_repo_checkout_at}). Directories are created
 * private (0700) and get their real mode, owner and xattrs after their contents. Regular files and
 * symlinks are hard-linked from {@code objects/} when the repository mode and checkout mode
 * produce the same file (bare + NONE, bare-user/bare-user-only + USER), except empty files, which
 * are always copied (ostree PR #2198); otherwise they are copied with {@code copy_file_range} (or
 * inflated, for archive repositories). Every name is validated again before a path is built from
 * it. Directories are checked out in parallel ({@link CheckoutTask}); the first failure in walk
 * order is reported.
 */
public final class CheckoutEngine {

    private static final int S_ISUID = 04000;
    private static final int S_ISGID = 02000;

    private final Repo repo;
    private final LooseObjects objects;
    private final CheckoutOptions options;
    private final int parallelism;
    private final AtomicLong tmpCounter = new AtomicLong();
    /** A tree has few distinct dirmeta objects (a dozen for a Debian root): read each once. */
    private final Map<Checksum, DirMeta> dirMetas = new ConcurrentHashMap<>();
    /** {@code objects/}, open while a checkout runs: dirtrees are read relative to it. */
    private DirectoryFd metadataDir;
    /** The same, when content objects are used from it directly: a bare or bare-user-only repository. */
    private DirectoryFd objectsDir;
    /** Whether objects are hard-linked from {@link #objectsDir}: by a {@code statx} and a {@code linkat}. */
    private boolean linkDirect;

    /** A checkout on one worker per core. */
    public CheckoutEngine(Repo repo, LooseObjects objects, CheckoutOptions options) {
        this(repo, objects, options, Runtime.getRuntime().availableProcessors());
    }

    /** A checkout on {@code parallelism} workers (at least 1). */
    public CheckoutEngine(Repo repo, LooseObjects objects, CheckoutOptions options, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.repo = repo;
        this.objects = objects;
        this.options = options;
        this.parallelism = parallelism;
    }

    public void checkout(Checksum commitChecksum, Path dest) throws IOException {
        Commit commit = repo.readCommit(commitChecksum);
        Checksum tree = commit.rootTree();
        Checksum meta = commit.rootMeta();
        String context = "commit " + commitChecksum;
        for (String part : options.subpath().split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            DirTree t = repo.readDirTree(tree);
            DirTree.Dir d = t.dirs().stream().filter(x -> x.name().equals(part)).findFirst().orElse(null);
            if (d == null) {
                DirTree.File f = t.files().stream().filter(x -> x.name().equals(part)).findFirst().orElse(null);
                if (f != null && options.subpath().endsWith(part)) {
                    checkoutFile(f.content(), dest, false);
                    return;
                }
                throw new ObjectNotFoundException(new ObjectName(tree, ObjectType.DIR_TREE),
                        "subpath " + options.subpath() + " not found in " + context);
            }
            tree = d.tree();
            meta = d.meta();
        }
        repo.readDirTree(tree); // a missing or corrupt root tree fails before anything is created
        dirMeta(meta);
        boolean created = makeRoot(dest);
        boolean direct = objects.mode() == RepoMode.BARE || objects.mode() == RepoMode.BARE_USER_ONLY;
        try (DirectoryFd objectsDir = DirectoryFd.open(objects.objectsDirectory());
                DirectoryFd root = DirectoryFd.open(dest)) {
            this.metadataDir = objectsDir;
            this.objectsDir = direct ? objectsDir : null;
            this.linkDirect = direct && canHardlink(objects.mode());
            CheckoutTask.run(this, root, created, tree, meta, parallelism);
        } finally {
            this.metadataDir = null;
            this.objectsDir = null;
            this.linkDirect = false;
        }
    }

    /** Creates the checkout's top directory, or checks that a union checkout may merge into it. */
    private boolean makeRoot(Path dir) throws IOException {
        if (LinuxFiles.existsNoFollow(dir)) {
            if (options.overwrite() == CheckoutOptions.Overwrite.NONE) {
                throw new FileAlreadyExistsException(dir.toString(), null,
                        "checkout destination exists (use --union or --union-add to merge)");
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not a directory");
            }
            return false;
        }
        Files.createDirectory(dir);
        Files.setAttribute(dir, "unix:mode", 0700);
        return true;
    }

    /** A dirtree, read relative to the open {@code objects/} while the checkout runs, its checksum verified. */
    DirTree readDirTree(Checksum tree) throws IOException {
        DirectoryFd dir = metadataDir;
        if (dir == null) {
            return repo.readDirTree(tree);
        }
        ObjectName name = new ObjectName(tree, ObjectType.DIR_TREE);
        return DirTree.parse(LooseObjects.verified(name, objects.readMetadata(dir, name)));
    }

    DirMeta dirMeta(Checksum metaSum) throws IOException {
        DirMeta meta = dirMetas.get(metaSum);
        if (meta == null) {
            meta = repo.readDirMeta(metaSum);
            dirMetas.put(metaSum, meta);
        }
        return meta;
    }

    /**
     * Creates directory {@code name} (at {@code path}) private (0700) in {@code parent}; true if
     * it was created, false if a union checkout merges into the directory already there.
     * {@code parentFresh}: the parent was created by this checkout, so nothing may exist there.
     */
    boolean makeDirectory(DirectoryFd parent, byte[] name, Path path, boolean parentFresh) throws IOException {
        int errno = parent.mkdir(name, 0700);
        if (errno == 0) {
            return true;
        }
        if (errno != DirectoryFd.EEXIST || parentFresh) {
            throw DirectoryFd.failure(path, "mkdir", errno, null);
        }
        if (options.overwrite() == CheckoutOptions.Overwrite.NONE) {
            throw new FileAlreadyExistsException(path.toString(), null,
                    "checkout destination exists (use --union or --union-add to merge)");
        }
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(path.toString(), null, "exists and is not a directory");
        }
        return false; // like ostree, a union checkout leaves existing directories as they are
    }

    void applyDirMeta(DirectoryFd dir, DirMeta meta) throws IOException {
        if (options.mode() == CheckoutOptions.Mode.NONE) {
            dir.chown(meta.uid(), meta.gid());
            if (!meta.xattrs().isEmpty()) {
                FsEntry.writeXattrs(dir.path(), meta.xattrs());
            }
            dir.chmod(meta.mode() & 07777);
        } else {
            dir.chmod(meta.mode() & 07777 & ~(S_ISUID | S_ISGID));
        }
        if (options.link() != CheckoutOptions.Link.COPY) {
            // ostree gives each directory it creates the same mtime in every checkout, the epoch,
            // once its entries are in; not in a copy (-C) checkout, which is mostly for /etc
            dir.setModifiedTime(0);
        }
    }

    /**
     * Writes {@code f} into {@code dir}. In a directory this checkout created, a bare or
     * bare-user-only object is hard-linked by one {@code statx} and one {@code linkat}, or copied
     * by {@link #copyDirect}, relative to open descriptors; everything else takes the path-based way.
     */
    void checkoutFile(DirectoryFd dir, Checksum tree, DirTree.File f, boolean parentFresh) throws IOException {
        DirectoryFd from = objectsDir;
        if (parentFresh && from != null) {
            byte[] object = objectName(f.content());
            if (linkDirect) {
                long modeAndSize = from.modeAndSize(object);
                if (modeAndSize == -1) {
                    throw new ObjectNotFoundException(new ObjectName(f.content(), ObjectType.FILE),
                            "checking out " + dir.path().resolve(f.name()));
                }
                int type = (int) modeAndSize & FsEntry.S_IFMT;
                boolean linkable = modeAndSize >>> 32 > 0 && type == FsEntry.S_IFREG
                        || type == FsEntry.S_IFLNK && objects.mode() == RepoMode.BARE;
                if (linkable) {
                    int errno = dir.link(from, object, DirectoryFd.name(f.name()));
                    if (errno == 0) {
                        return;
                    }
                    if (errno == DirectoryFd.EEXIST || options.link() == CheckoutOptions.Link.REQUIRE_HARDLINKS) {
                        throw DirectoryFd.failure(dir.path().resolve(f.name()), "linkat " + objects.path(
                                new ObjectName(f.content(), ObjectType.FILE)), errno, null);
                    }
                }
            }
            if (copyDirect(dir, from, object, f)) {
                return;
            }
        }
        checkoutFile(f.content(), child(dir.path(), f.name(), tree), parentFresh);
    }

    /**
     * Copies the bare or bare-user-only object {@code object} to {@code f} in {@code dir} through
     * descriptors: open relative to {@code objects/}, {@code statx}, {@code flistxattr} (bare
     * only), then {@link RegularFile#copyTo}. False, having written nothing, when the object is a
     * symlink (or not a regular file): the path-based way makes those.
     */
    private boolean copyDirect(DirectoryFd dir, DirectoryFd from, byte[] object, DirTree.File f) throws IOException {
        RegularFile source;
        try {
            source = RegularFile.openAt(from, object).orElse(null);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(new ObjectName(f.content(), ObjectType.FILE),
                    "checking out " + dir.path().resolve(f.name()));
        }
        if (source == null) {
            return false;
        }
        try (source) {
            boolean user = options.mode() == CheckoutOptions.Mode.USER;
            boolean owned = objects.mode() == RepoMode.BARE; // bare-user-only objects stand for root's files
            int mode = user ? source.mode() & 07777 & ~(S_ISUID | S_ISGID) : source.mode() & 07777;
            int uid = user ? -1 : owned ? source.uid() : 0;
            int gid = user ? -1 : owned ? source.gid() : 0;
            source.copyTo(dir, DirectoryFd.name(f.name()), uid, gid, !user && owned ? source.xattrs() : Map.of(), mode);
        }
        return true;
    }

    /** {@code XX/YYYY….file}, NUL-terminated: where a bare-mode content object is below {@code objects/}. */
    private static byte[] objectName(Checksum content) {
        return LooseObjects.relativeName(new ObjectName(content, ObjectType.FILE));
    }

    static Path child(Path dir, String name, Checksum tree) throws IOException {
        DirTree.validateName(name);
        Path p = dir.resolve(name);
        if (!dir.equals(p.getParent())) {
            throw new UnsafeNameException("dirtree " + tree, name, "resolves outside its directory");
        }
        return p;
    }

    private boolean canHardlink(RepoMode mode) {
        if (options.link() == CheckoutOptions.Link.COPY) {
            return false;
        }
        return switch (mode) {
            case BARE -> options.mode() == CheckoutOptions.Mode.NONE;
            case BARE_USER, BARE_USER_ONLY -> options.mode() == CheckoutOptions.Mode.USER;
            case ARCHIVE, BARE_SPLIT_XATTRS -> false;
        };
    }

    private void checkoutFile(Checksum content, Path target, boolean parentFresh) throws IOException {
        boolean exists = !parentFresh && LinuxFiles.existsNoFollow(target);
        if (exists) {
            switch (options.overwrite()) {
                case NONE -> throw new FileAlreadyExistsException(target.toString());
                case ADD_FILES -> {
                    return;
                }
                case UNION_FILES -> {
                    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new FileAlreadyExistsException(target.toString(), null, "is a directory, the commit has a file");
                    }
                }
            }
        }
        Path out = exists ? target.resolveSibling(".ostree-checkout-" + tmpCounter.incrementAndGet() + ".tmp") : target;
        try {
            writeFile(content, out);
            if (exists) {
                Files.move(out, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            if (exists) {
                Files.deleteIfExists(out);
            }
        }
    }

    private void writeFile(Checksum content, Path out) throws IOException {
        RepoMode mode = objects.mode();
        Path object = objects.path(new ObjectName(content, ObjectType.FILE));
        boolean hardlink = canHardlink(mode);
        if (hardlink && mode == RepoMode.BARE) {
            java.nio.file.attribute.BasicFileAttributes a;
            try {
                a = Files.readAttributes(object, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new ObjectNotFoundException(new ObjectName(content, ObjectType.FILE), "checking out " + out);
            }
            if (a.isSymbolicLink() || a.size() > 0) {
                if (tryLink(out, object)) {
                    return;
                }
            }
        }
        FileObject st = objects.stat(content);
        FileHeader h = st.header();
        boolean linkable = hardlink && st.size() > 0 && !(mode == RepoMode.BARE_USER && h.isSymlink());
        if (linkable && mode != RepoMode.BARE && tryLink(out, object)) {
            return;
        }
        if (options.link() == CheckoutOptions.Link.REQUIRE_HARDLINKS && hardlink && st.size() > 0 && !h.isSymlink()) {
            throw new IOException(out + ": cannot hard-link " + object + " (--require-hardlinks)");
        }
        if (h.isSymlink() || mode != RepoMode.ARCHIVE) {
            copy(st, object, out, mode);
            return;
        }
        try (FileObject f = objects.openFile(content)) {
            copy(f, object, out, mode);
        }
    }

    private boolean tryLink(Path out, Path object) throws IOException {
        try {
            Files.createLink(out, object);
            return true;
        } catch (FileSystemException e) {
            if (e instanceof FileAlreadyExistsException || options.link() == CheckoutOptions.Link.REQUIRE_HARDLINKS) {
                throw e;
            }
            return false; // EXDEV, EMLINK, EPERM: copy instead, as ostree does
        }
    }

    private void copy(FileObject f, Path object, Path out, RepoMode mode) throws IOException {
        FileHeader h = f.header();
        boolean user = options.mode() == CheckoutOptions.Mode.USER;
        if (h.isSymlink()) {
            LinuxFiles.symlink(h.symlinkTarget(), out);
            if (!user) {
                Files.setAttribute(out, "unix:uid", h.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(out, "unix:gid", h.gid(), LinkOption.NOFOLLOW_LINKS);
                FsEntry.writeXattrs(out, h.xattrs());
            }
            return;
        }
        if (mode != RepoMode.ARCHIVE) {
            // copy_file_range (as ostree), then owner and mode on the new descriptor
            int fileMode = user ? h.mode() & 07777 & ~(S_ISUID | S_ISGID) : h.mode() & 07777;
            FileCopy.copy(object, out, user ? -1 : h.uid(), user ? -1 : h.gid(), fileMode);
            if (!user) {
                FsEntry.writeXattrs(out, h.xattrs());
            }
            return;
        }
        try (FileChannel dst = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            InputStream in = f.content(); // archive: inflate
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    dst.write(b);
                }
            }
        }
        if (user) {
            Files.setAttribute(out, "unix:mode", h.mode() & 07777 & ~(S_ISUID | S_ISGID));
        } else {
            Files.setAttribute(out, "unix:uid", h.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(out, "unix:gid", h.gid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(out, "unix:mode", h.mode() & 07777);
            FsEntry.writeXattrs(out, h.xattrs());
        }
    }
}
