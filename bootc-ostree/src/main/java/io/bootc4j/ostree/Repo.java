package io.bootc4j.ostree;

import io.bootc4j.ostree.internal.CheckoutEngine;
import io.bootc4j.ostree.internal.KeyFile;
import io.bootc4j.ostree.internal.LooseObjects;
import io.bootc4j.ostree.internal.RefStore;
import io.bootc4j.ostree.internal.RepoLock;
import io.bootc4j.ostree.internal.RevResolver;
import io.bootc4j.ostree.internal.nativeio.LinuxFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.SortedMap;

/**
 * An ostree repository on disk, byte-compatible with libostree 2022.7 (reference:
 * ostree-format §1): the {@code config}, loose objects under {@code objects/}, refs under
 * {@code refs/}, transactions staged in {@code tmp/}.
 *
 * <p>A {@code Repo} is a thread-safe handle. Writes happen only through a
 * {@link RepoTransaction} (one thread each, any number at once); nothing a transaction writes is
 * visible before {@link RepoTransaction#complete()}. Reads never take the repository lock and
 * see only published objects. Deleting ({@link #prune}, {@link #deleteRef}) takes the exclusive
 * lock, which also excludes {@code ostree} processes (their OFD locks conflict with ours).
 *
 * <p>Every object read is checked: metadata objects are re-hashed against their name and parsed
 * strictly (a dirtree name such as {@code ../x} fails with {@link UnsafeNameException}).
 *
 * <p>Extended attributes are read and written with {@code llistxattr}/{@code lgetxattr}/
 * {@code lsetxattr} through JNA ({@code internal.nativeio}), in every namespace and on symlinks:
 * the JDK's {@code UserDefinedFileAttributeView} only sees {@code user.*} and follows symlinks, so
 * it cannot reproduce ostree's checksums for {@code security.*} labels or capabilities.
 */
public final class Repo implements AutoCloseable {

    private static final String[] LAYOUT = {"tmp", "extensions", "state", "refs", "refs/heads", "refs/mirrors", "refs/remotes"};

    private final Path path;
    private final RepoConfig config;
    private final RepoLock lock;
    private final RefStore refs;
    private final LooseObjects objects;

    private Repo(Path path, RepoConfig config) {
        this.path = path;
        this.config = config;
        this.lock = new RepoLock(path.resolve(".lock"), config.locking(), Duration.ofSeconds(config.lockTimeoutSeconds()));
        this.refs = new RefStore(path, config.fsync());
        this.objects = new LooseObjects(path, config.mode());
    }

    /**
     * Creates a repository as {@code ostree init --mode=MODE} does; the directory may exist and be
     * empty. An existing repository of the same mode is opened as is.
     *
     * @throws RepoConfigException when a repository of another mode exists there, or a
     *     bare-user repository is asked for on a filesystem without {@code user.*} xattrs
     */
    public static Repo create(Path path, RepoMode mode) throws IOException {
        Path abs = path.toAbsolutePath().normalize();
        if (Files.isDirectory(abs.resolve("objects"))) {
            Repo existing = open(abs);
            if (existing.mode() != mode) {
                existing.close();
                throw new RepoConfigException(abs.resolve("config"), "a repository of mode " + existing.mode()
                        + " already exists here; refusing to re-create it as " + mode);
            }
            return existing;
        }
        if (!mode.isWritable()) {
            throw new RepoConfigException(abs.resolve("config"), "mode " + mode + " is read-only in bootc4j (ostree 2022.7 "
                    + "only writes it experimentally); create bare, bare-user, bare-user-only or archive");
        }
        Files.createDirectories(abs);
        for (String d : LAYOUT) {
            Files.createDirectories(abs.resolve(d));
        }
        if (mode == RepoMode.BARE_USER) {
            checkUserXattrs(abs);
        }
        RepoConfig config = RepoConfig.forMode(mode);
        writeAtomically(abs.resolve("config"), config.toText());
        Files.createDirectories(abs.resolve("objects"));
        return new Repo(abs, config);
    }

    /**
     * Opens an existing repository.
     *
     * @throws RepoNotFoundException when {@code path} has no {@code objects/} or {@code config}
     * @throws UnsupportedRepoModeException when {@code core.mode} names an unknown mode
     * @throws RepoConfigException when the config is malformed
     */
    public static Repo open(Path path) throws IOException {
        Path abs = path.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs.resolve("objects"))) {
            throw new RepoNotFoundException(abs, "no objects/ directory");
        }
        Path configFile = abs.resolve("config");
        String text;
        try {
            text = Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new RepoNotFoundException(abs, "no config file");
        }
        try {
            return new Repo(abs, RepoConfig.parse(text, configFile.toString()));
        } catch (IllegalArgumentException e) {
            Optional<String> mode = KeyFile.parseLenient(text).flatMap(k -> k.get("core", "mode"));
            if (mode.isPresent() && RepoMode.tryParse(mode.get()).isEmpty()) {
                throw new UnsupportedRepoModeException(configFile, mode.get());
            }
            throw new RepoConfigException(configFile, e.getMessage(), e);
        }
    }

    /** The repository directory (absolute). */
    public Path path() {
        return path;
    }

    public RepoMode mode() {
        return config.mode();
    }

    public RepoConfig config() {
        return config;
    }

    /** Starts a transaction; see {@link RepoTransaction} for visibility and abort rules. */
    public RepoTransaction newTransaction() throws IOException {
        return new RepoTransaction(this, config.fsync());
    }

    /**
     * A transaction that syncs to disk only if {@code fsync} (and {@code core.fsync}) is true:
     * {@code ostree commit --fsync=false}. Without fsync a crash can lose or truncate the objects
     * written, not only the last ones.
     */
    public RepoTransaction newTransaction(boolean fsync) throws IOException {
        return new RepoTransaction(this, fsync && config.fsync());
    }

    /** True when the object is published in {@code objects/}. */
    public boolean hasObject(ObjectName name) {
        return objects.contains(name);
    }

    /** The raw bytes of a metadata object, verified against its checksum. */
    public byte[] readMetadataBytes(ObjectName name) throws IOException {
        if (!name.type().isMetadata()) {
            throw new IllegalArgumentException(name + " is not a metadata object");
        }
        byte[] data = objects.readMetadata(name);
        return name.type() == ObjectType.COMMIT_META ? data : LooseObjects.verified(name, data);
    }

    public Commit readCommit(Checksum commit) throws IOException {
        ObjectName n = new ObjectName(commit, ObjectType.COMMIT);
        return Commit.parse(readMetadataBytes(n));
    }

    public DirTree readDirTree(Checksum tree) throws IOException {
        return DirTree.parse(readMetadataBytes(new ObjectName(tree, ObjectType.DIR_TREE)));
    }

    public DirMeta readDirMeta(Checksum meta) throws IOException {
        return DirMeta.parse(readMetadataBytes(new ObjectName(meta, ObjectType.DIR_META)));
    }

    /** Detached metadata ({@code .commitmeta}) of a commit, if any. */
    public Optional<Metadata> readDetachedMetadata(Checksum commit) throws IOException {
        ObjectName n = new ObjectName(commit, ObjectType.COMMIT_META);
        if (!objects.contains(n)) {
            return Optional.empty();
        }
        return Optional.of(Metadata.parse(objects.readMetadata(n)));
    }

    /** Opens a content object; the caller closes the result. The content is not re-hashed. */
    public FileObject openFile(Checksum content) throws IOException {
        return objects.openFile(content);
    }

    /**
     * Resolves a revision as {@code ostree rev-parse} does: a full checksum, a ref
     * ({@code NAME} in {@code refs/heads}, else {@code REMOTE/NAME} or {@code REMOTE:NAME} in
     * {@code refs/remotes}), a unique checksum prefix of a commit, each optionally followed by
     * {@code ^} (parent), repeatable.
     *
     * @throws RefNotFoundException naming {@code rev} when nothing matches
     */
    public Checksum resolveRev(String rev) throws IOException {
        return new RevResolver(this, refs, objects).resolve(rev);
    }

    /** Like {@link #resolveRev} but empty when the revision names nothing. */
    public Optional<Checksum> tryResolveRev(String rev) throws IOException {
        try {
            return Optional.of(resolveRev(rev));
        } catch (RefNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The commit {@code ref} points to, if the ref exists. */
    public Optional<Checksum> readRef(RefName ref) throws IOException {
        return refs.read(ref);
    }

    /** Every ref (heads, remotes, mirrors) with its commit. */
    public SortedMap<RefName, Checksum> listRefs() throws IOException {
        return refs.list();
    }

    /** Deletes a ref (objects stay until {@link #prune}); false when it did not exist. */
    public boolean deleteRef(RefName ref) throws IOException {
        RepoLock.Hold hold = lock.shared();
        try {
            return refs.delete(ref);
        } finally {
            hold.close();
        }
    }

    /**
     * Checks out {@code rev} into {@code destination} (which must not exist unless a union mode
     * is chosen). Names are re-validated while paths are created; nothing is written outside
     * {@code destination}.
     */
    public void checkout(String rev, Path destination, CheckoutOptions options) throws IOException {
        new CheckoutEngine(this, objects, options).checkout(resolveRev(rev), destination);
    }

    /** Re-hashes every object and walks every commit; see {@link FsckResult}. */
    public FsckResult fsck() throws IOException {
        return new io.bootc4j.ostree.internal.Fsck(this, objects, refs).run();
    }

    /** Deletes objects no ref (or, with {@code refsOnly == false}, no commit) reaches. */
    public PruneResult prune(PruneOptions options) throws IOException {
        RepoLock.Hold hold = lock.exclusive();
        try {
            return new io.bootc4j.ostree.internal.Pruner(this, objects, refs).prune(options);
        } finally {
            hold.close();
        }
    }

    /** Differences between two trees (commit vs commit). */
    public TreeDiff diff(Checksum from, Checksum to) throws IOException {
        return io.bootc4j.ostree.internal.TreeDiffer.commits(this, from, to);
    }

    /** Differences between a commit and a directory on disk. */
    public TreeDiff diff(Checksum from, Path directory) throws IOException {
        return io.bootc4j.ostree.internal.TreeDiffer.directory(this, from, directory);
    }

    RepoLock lock() {
        return lock;
    }

    RefStore refStore() {
        return refs;
    }

    LooseObjects looseObjects() {
        return objects;
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }

    @Override
    public String toString() {
        return "Repo[" + path + ", " + mode() + "]";
    }

    private static void checkUserXattrs(Path repo) throws IOException {
        Path probe = Files.createTempFile(repo.resolve("tmp"), ".xattr-probe-", "");
        try {
            LinuxFiles.setXattr(probe, "user.ostreemeta", new byte[] {0});
        } catch (IOException e) {
            throw new RepoConfigException(repo.resolve("config"),
                    "bare-user mode needs user.* xattrs, which this filesystem refuses: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
