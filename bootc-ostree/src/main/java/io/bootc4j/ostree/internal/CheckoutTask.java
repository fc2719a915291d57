package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.DirMeta;
import io.bootc4j.ostree.DirTree;
import io.bootc4j.ostree.internal.nativeio.DirectoryFd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountedCompleter;
import java.util.concurrent.ForkJoinPool;

/**
 * Checks out one directory of a tree on a fork/join pool: creates it, forks one task per
 * subdirectory, writes its files, and applies the directory's own metadata once the last of its
 * subdirectories is done (so a read-only mode never blocks its children). A directory is always
 * created before anything inside it.
 *
 * <p>No task waits for another: each is a {@link CountedCompleter} whose completion is triggered by
 * its last subdirectory, so both workers stay busy. (With {@code join}, a worker waiting for a
 * subtree another worker had stolen parked, and one worker did 95% of a Debian checkout.)
 *
 * <p>Errors are what a single-thread walk would report: every step has a position in that walk's
 * order (a directory, then its files, then its subdirectories, then its metadata), the failure
 * with the smallest position is kept, and every step after it is skipped. So the checkout stops
 * at the first failure and the message does not depend on thread timing.
 */
final class CheckoutTask extends CountedCompleter<Void> {

    private static final long serialVersionUID = 1L;

    private final transient CheckoutEngine engine;
    private final transient Failures failures;
    /** The parent directory's task, or null for the root, whose descriptor is given. */
    private final transient CheckoutTask parent;
    private final byte[] name;
    private final transient Path path;
    private final transient DirTree.Dir entry;
    private final int[] position;
    /** Open from {@link #compute} until {@link #onCompletion}: the subdirectories are made in it. */
    private transient DirectoryFd dir;
    /** Created by this checkout (empty, so it gets its metadata at the end). */
    private boolean created;
    private transient DirMeta meta;
    /** Files plus subdirectories: the metadata step's position. */
    private int metaStep = -1;

    private CheckoutTask(CheckoutEngine engine, Failures failures, CheckoutTask parent, DirectoryFd dir, boolean created,
            Path path, DirTree.Dir entry, int[] position) {
        super(parent);
        this.engine = engine;
        this.failures = failures;
        this.parent = parent;
        this.dir = dir;
        this.created = created;
        this.name = parent == null ? null : DirectoryFd.name(entry.name());
        this.path = path;
        this.entry = entry;
        this.position = position;
    }

    /**
     * Checks out {@code tree}/{@code meta} into the open directory {@code dir} ({@code created}:
     * by this checkout, so it is empty and gets {@code meta} at the end) with {@code parallelism}
     * workers, and throws the first failure in walk order.
     */
    static void run(CheckoutEngine engine, DirectoryFd dir, boolean created, Checksum tree, Checksum meta, int parallelism)
            throws IOException {
        Failures failures = new Failures();
        DirTree.Dir top = new DirTree.Dir(".", tree, meta);
        CheckoutTask task = new CheckoutTask(engine, failures, null, dir, created, dir.path(), top, new int[0]);
        ForkJoinPool pool = new ForkJoinPool(parallelism);
        try {
            pool.invoke(task);
        } finally {
            pool.shutdown();
        }
        failures.rethrow();
    }

    @Override
    public void compute() {
        try {
            if (!failures.after(position, -1)) {
                checkoutDirectory();
            }
        } finally {
            tryComplete();
        }
    }

    private void checkoutDirectory() {
        int step = -1;
        try {
            DirTree tree = engine.readDirTree(entry.tree());
            meta = engine.dirMeta(entry.meta());
            if (parent != null) {
                created = engine.makeDirectory(parent.dir, name, path, parent.created);
                dir = parent.dir.openDirectory(name, path);
            }
            List<DirTree.File> files = tree.files();
            List<DirTree.Dir> dirs = tree.dirs();
            CheckoutTask[] subtasks = new CheckoutTask[dirs.size()];
            for (int j = 0; j < subtasks.length; j++) {
                DirTree.Dir d = dirs.get(j);
                int[] p = java.util.Arrays.copyOf(position, position.length + 1);
                p[position.length] = files.size() + j;
                // a DirTree's names are checked when it is made or parsed: no "..", "/" or ""
                subtasks[j] = new CheckoutTask(engine, failures, this, null, false, path.resolve(d.name()), d, p);
            }
            metaStep = files.size() + dirs.size();
            setPendingCount(subtasks.length);
            for (int j = subtasks.length - 1; j >= 0; j--) {
                subtasks[j].fork(); // last first: this worker pops them in walk order, thieves take the last
            }
            for (step = 0; step < files.size(); step++) {
                if (failures.after(position, step)) {
                    break;
                }
                engine.checkoutFile(dir, entry.tree(), files.get(step), created);
            }
        } catch (IOException | RuntimeException e) {
            failures.record(position, step, e);
        }
    }

    /** Runs once this directory's files and every subdirectory are done: its metadata, then closing it. */
    @Override
    public void onCompletion(CountedCompleter<?> caller) {
        try {
            if (created && metaStep >= 0 && !failures.after(position, metaStep)) {
                engine.applyDirMeta(dir, meta);
            }
        } catch (IOException | RuntimeException e) {
            failures.record(position, metaStep, e);
        } finally {
            if (dir != null && parent != null) {
                dir.close();
            }
        }
    }

    /** The failure earliest in walk order; thread-safe. */
    static final class Failures {
        private record First(int[] position, Exception error) {}

        private volatile First first;

        /** {@code step} -1: the directory at {@code dir} itself; otherwise its child number {@code step}. */
        synchronized void record(int[] dir, int step, Exception e) {
            int[] p = dir;
            if (step >= 0) {
                p = java.util.Arrays.copyOf(dir, dir.length + 1);
                p[dir.length] = step;
            }
            First f = first;
            if (f == null || compare(p, -1, f.position) < 0) {
                first = new First(p, e);
            }
        }

        /** True when a failure was recorded at a step before {@code dir}/{@code step} in walk order. */
        boolean after(int[] dir, int step) {
            First f = first;
            return f != null && compare(dir, step, f.position) > 0;
        }

        void rethrow() throws IOException {
            First f = first;
            if (f == null) {
                return;
            }
            if (f.error instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) f.error;
        }

        /** Walk order of {@code a} (+ {@code aStep} unless -1) and {@code b}: an ancestor comes first. */
        private static int compare(int[] a, int aStep, int[] b) {
            int aLength = aStep >= 0 ? a.length + 1 : a.length;
            int n = Math.min(aLength, b.length);
            for (int i = 0; i < n; i++) {
                int x = i < a.length ? a[i] : aStep;
                if (x != b[i]) {
                    return Integer.compare(x, b[i]);
                }
            }
            return Integer.compare(aLength, b.length);
        }
    }
}
