package io.bootc4j.ostree;

import io.bootc4j.ostree.internal.BootableMetadata;
import io.bootc4j.ostree.internal.DirectoryCommitter;
import io.bootc4j.ostree.internal.FsEntry;
import io.bootc4j.ostree.internal.ObjectWriter;
import io.bootc4j.ostree.internal.RepoLock;
import io.bootc4j.ostree.internal.StagingArea;
import io.bootc4j.ostree.internal.TarCommitter;
import io.bootc4j.ostree.internal.TreeModifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A write session on a {@link Repo}: objects are staged in {@code tmp/staging-…} and become
 * visible only when {@link #complete()} moves them into {@code objects/} (content first, the
 * commit last) and then writes the refs. {@link #close()} without {@code complete()} aborts:
 * the staging directory is deleted and the repository is as before. A process killed at any
 * point leaves only a staging directory (removed by the next transaction) or objects no commit
 * references incompletely, so {@code ostree fsck} passes.
 *
 * <p>Idempotent: an object that already exists is never rewritten. Single-thread. Holds the
 * repository's shared lock from creation to close.
 */
public final class RepoTransaction implements AutoCloseable {

    private enum State { OPEN, COMPLETED, CLOSED }

    private final Repo repo;
    private final RepoLock.Hold hold;
    private final StagingArea staging;
    private final ObjectWriter writer;
    private final Map<RefName, Optional<Checksum>> refUpdates = new LinkedHashMap<>();
    private State state = State.OPEN;

    RepoTransaction(Repo repo, boolean fsync) throws IOException {
        if (!repo.mode().isWritable()) {
            throw new RepoConfigException(repo.path().resolve("config"), "cannot write to a " + repo.mode()
                    + " repository: bootc4j reads this mode only");
        }
        this.repo = repo;
        this.hold = repo.lock().shared();
        try {
            Path tmp = repo.path().resolve("tmp");
            Files.createDirectories(tmp);
            StagingArea.removeStale(tmp);
            this.staging = StagingArea.allocate(tmp);
        } catch (IOException | RuntimeException e) {
            hold.close();
            throw e;
        }
        RepoConfig c = repo.config();
        this.writer = new ObjectWriter(repo.looseObjects(), staging, fsync, c.perObjectFsync(), c.zlibLevel());
    }

    /**
     * Stores a content object from a stream of exactly {@code size} bytes ({@code content} is
     * read, not closed; ignored for symlinks).
     */
    public Checksum writeContent(FileHeader header, InputStream content, long size) throws IOException {
        requireOpen();
        return writer.writeContent(header, content, size);
    }

    /** Stores a file or symlink from disk with its owner, mode and xattrs. */
    public Checksum writeFile(Path file) throws IOException {
        requireOpen();
        FsEntry st = FsEntry.lstat(file);
        Xattrs x = repo.config().disableXattrs() ? Xattrs.EMPTY : FsEntry.readXattrs(file);
        if (st.isSymlink()) {
            return writer.writeContent(new FileHeader(st.uid(), st.gid(), st.mode(), 0, st.symlinkTarget(), x), null, 0);
        }
        if (!st.isRegularFile()) {
            throw new ObjectFormatException(file + ": not a regular file or symlink");
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return writer.writeContent(new FileHeader(st.uid(), st.gid(), st.mode(), 0, "", x), in, st.size());
        }
    }

    public Checksum writeDirTree(DirTree tree) throws IOException {
        requireOpen();
        return writer.writeMetadata(ObjectType.DIR_TREE, tree.serialize());
    }

    public Checksum writeDirMeta(DirMeta meta) throws IOException {
        requireOpen();
        return writer.writeMetadata(ObjectType.DIR_META, meta.serialize());
    }

    public Checksum writeCommit(Commit commit) throws IOException {
        requireOpen();
        return writer.writeMetadata(ObjectType.COMMIT, commit.serialize());
    }

    /**
     * Writes a whole tree and its commit object; returns the commit checksum. Refs are not
     * touched: call {@link #setRef}.
     */
    public Checksum commit(CommitSpec spec) throws IOException {
        requireOpen();
        boolean canonical = spec.canonicalPermissions() || repo.mode() == RepoMode.BARE_USER_ONLY;
        TreeModifier modifier = new TreeModifier(canonical, spec.noXattrs() || repo.config().disableXattrs());
        DirectoryCommitter.Root root;
        Optional<String> kernel;
        if (spec.source() instanceof CommitSpec.DirectorySource d) {
            root = new DirectoryCommitter(writer, modifier).commit(d.directory());
            kernel = spec.bootable() ? BootableMetadata.kernelVersion(d.directory()) : Optional.empty();
        } else {
            TarCommitter tc = new TarCommitter(writer, modifier);
            root = tc.commit(((CommitSpec.TarSource) spec.source()).tar());
            kernel = tc.kernelVersion();
        }
        Metadata.Builder md = Metadata.builder();
        for (Map.Entry<String, String> e : spec.metadataStrings()) {
            md.putString(e.getKey(), e.getValue());
        }
        for (Metadata.Entry e : spec.metadata().entries()) {
            md.put(e.key(), e.value());
        }
        spec.refBindings().ifPresent(r -> md.putStrings("ostree.ref-binding", r));
        Metadata metadata = md.build();
        if (spec.bootable()) {
            String kver = kernel.orElseThrow(() -> new ObjectFormatException(
                    "--bootable: the tree has no usr/lib/modules/KVER/vmlinuz (exactly one is required)"));
            metadata = BootableMetadata.addBootableKeys(metadata, kver);
        }
        if (spec.parent().isPresent() && !writer.has(new ObjectName(spec.parent().get(), ObjectType.COMMIT))) {
            throw new ObjectNotFoundException(new ObjectName(spec.parent().get(), ObjectType.COMMIT), "parent of the new commit");
        }
        Commit.Builder cb = Commit.builder().metadata(metadata).subject(spec.subject()).body(spec.body())
                .timestamp(spec.timestamp().orElseGet(RepoTransaction::defaultTimestamp).getEpochSecond())
                .rootTree(root.tree()).rootMeta(root.meta());
        spec.parent().ifPresent(cb::parent);
        return writeCommit(cb.build());
    }

    /** ostree's default commit time: {@code SOURCE_DATE_EPOCH} if set, else now. */
    private static Instant defaultTimestamp() {
        String sde = System.getenv("SOURCE_DATE_EPOCH");
        if (sde != null && !sde.isBlank()) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(sde.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SOURCE_DATE_EPOCH=\"" + sde + "\" is not an integer", e);
            }
        }
        return Instant.now();
    }

    /**
     * Points {@code ref} at {@code commit} when the transaction completes.
     *
     * @throws ObjectNotFoundException when the commit is neither in the repository nor staged
     */
    public void setRef(RefName ref, Checksum commit) throws IOException {
        requireOpen();
        ObjectName n = new ObjectName(commit, ObjectType.COMMIT);
        if (!writer.has(n)) {
            throw new ObjectNotFoundException(n, "cannot point ref " + ref + " at it");
        }
        refUpdates.put(ref, Optional.of(commit));
    }

    /** {@link #setRef(RefName, Checksum)} with a refspec ({@code NAME} or {@code REMOTE:NAME}). */
    public void setRef(String refspec, Checksum commit) throws IOException {
        setRef(RefName.parse(refspec), commit);
    }

    /** Deletes {@code ref} when the transaction completes. */
    public void deleteRef(RefName ref) {
        requireOpen();
        refUpdates.put(ref, Optional.empty());
    }

    /** Publishes staged objects, then writes refs, then removes the staging directory. */
    public void complete() throws IOException {
        requireOpen();
        writer.publish();
        for (Map.Entry<RefName, Optional<Checksum>> e : refUpdates.entrySet()) {
            if (e.getValue().isPresent()) {
                repo.refStore().write(e.getKey(), e.getValue().get());
            } else {
                repo.refStore().delete(e.getKey());
            }
        }
        state = State.COMPLETED;
        close();
    }

    /** Aborts unless completed: staged objects and ref updates are discarded. Idempotent. */
    @Override
    public void close() throws IOException {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        try {
            writer.close();
            staging.close();
        } finally {
            hold.close();
        }
    }

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("transaction is " + state.name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
