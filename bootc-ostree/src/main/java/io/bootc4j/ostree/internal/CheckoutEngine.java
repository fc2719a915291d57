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
import io.bootc4j.ostree.internal.nativeio.FileCopy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a commit's tree to a directory ({@code ostree_repo_checkout_at}). Directories are created
 * private (0700) and get their real mode, owner and xattrs after their contents. Regular files and
 * symlinks are hard-linked from {@code objects/} when the repository mode and checkout mode
 * produce the same file (bare + NONE, bare-user/bare-user-only + USER), except empty files, which
 * are always copied (ostree PR #2198); otherwise they are copied with {@code copy_file_range} (or
 * inflated, for archive repositories). Every name is validated again before a path is built from
 * it. Single-thread.
 */
public final class CheckoutEngine {

    private static final int S_ISUID = 04000;
    private static final int S_ISGID = 02000;

    private final Repo repo;
    private final LooseObjects objects;
    private final CheckoutOptions options;
    private final AtomicLong tmpCounter = new AtomicLong();
    /** A tree has few distinct dirmeta objects (a dozen for a Debian root): read each once. */
    private final Map<Checksum, DirMeta> dirMetas = new HashMap<>();

    public CheckoutEngine(Repo repo, LooseObjects objects, CheckoutOptions options) {
        this.repo = repo;
        this.objects = objects;
        this.options = options;
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
        checkoutDir(tree, meta, dest, false);
    }

    /**
     * {@code parentFresh}: the parent was created by this checkout, so nothing can exist at
     * {@code dir} yet and the existence probe (a failed stat, i.e. an exception in NIO) is skipped.
     */
    private void checkoutDir(Checksum treeSum, Checksum metaSum, Path dir, boolean parentFresh) throws IOException {
        DirTree tree = repo.readDirTree(treeSum);
        DirMeta meta = dirMetas.get(metaSum);
        if (meta == null) {
            meta = repo.readDirMeta(metaSum);
            dirMetas.put(metaSum, meta);
        }
        boolean created = false;
        if (!parentFresh && io.bootc4j.ostree.internal.nativeio.LinuxFiles.existsNoFollow(dir)) {
            if (options.overwrite() == CheckoutOptions.Overwrite.NONE) {
                throw new FileAlreadyExistsException(dir.toString(), null,
                        "checkout destination exists (use --union or --union-add to merge)");
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not a directory");
            }
        } else {
            Files.createDirectory(dir);
            Files.setAttribute(dir, "unix:mode", 0700);
            created = true;
        }
        for (DirTree.File f : tree.files()) {
            checkoutFile(f.content(), child(dir, f.name(), treeSum), created);
        }
        for (DirTree.Dir d : tree.dirs()) {
            checkoutDir(d.tree(), d.meta(), child(dir, d.name(), treeSum), created);
        }
        if (created) {
            applyDirMeta(dir, meta); // like ostree, a union checkout leaves existing directories as they are
        }
    }

    private static Path child(Path dir, String name, Checksum tree) throws IOException {
        DirTree.validateName(name);
        Path p = dir.resolve(name);
        if (!dir.equals(p.getParent())) {
            throw new UnsafeNameException("dirtree " + tree, name, "resolves outside its directory");
        }
        return p;
    }

    private void applyDirMeta(Path dir, DirMeta meta) throws IOException {
        if (options.mode() == CheckoutOptions.Mode.NONE) {
            Files.setAttribute(dir, "unix:uid", meta.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(dir, "unix:gid", meta.gid(), LinkOption.NOFOLLOW_LINKS);
            FsEntry.writeXattrs(dir, meta.xattrs());
            Files.setAttribute(dir, "unix:mode", meta.mode() & 07777);
        } else {
            Files.setAttribute(dir, "unix:mode", meta.mode() & 07777 & ~(S_ISUID | S_ISGID));
        }
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
        boolean exists = !parentFresh && io.bootc4j.ostree.internal.nativeio.LinuxFiles.existsNoFollow(target);
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
            io.bootc4j.ostree.internal.nativeio.LinuxFiles.symlink(h.symlinkTarget(), out);
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
