package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.DirMeta;
import io.bootc4j.ostree.DirTree;
import io.bootc4j.ostree.internal.nativeio.DirectoryFd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Checks out one directory of a tree on a fork/join pool: creates it, forks one task per
 * subdirectory, writes its files, waits for the subdirectories, then applies the directory's own
 * metadata (so a read-only mode never blocks its children). A directory is always created before
 * anything inside it.
 *
 * <p>Errors are what a single-thread walk would report: every step has a position in that walk's
 * order (a directory, then its files, then its subdirectories, then its metadata), the failure
 * with the smallest position is kept, and every step after it is skipped. So the checkout stops
 * at the first failure and the message does not depend on thread timing.
 */
final class CheckoutTask extends RecursiveAction {

    private static final long serialVersionUID = 1L;

    private final transient CheckoutEngine engine;
    private final transient Failures failures;
    /** The parent directory, or null for the root, whose descriptor is {@link #root}. */
    private final transient DirectoryFd parent;
    private final transient DirectoryFd root;
    private final boolean rootCreated;
    private final byte[] name;
    private final transient Path path;
    private final transient DirTree.Dir entry;
    private final boolean parentFresh;
    private final int[] position;

    private CheckoutTask(CheckoutEngine engine, Failures failures, DirectoryFd parent, DirectoryFd root, boolean rootCreated,
            Path path, DirTree.Dir entry, boolean parentFresh, int[] position) {
        this.engine = engine;
        this.failures = failures;
        this.parent = parent;
        this.root = root;
        this.rootCreated = rootCreated;
        this.name = parent == null ? null : DirectoryFd.name(entry.name());
        this.path = path;
        this.entry = entry;
        this.parentFresh = parentFresh;
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
        CheckoutTask task = new CheckoutTask(engine, failures, null, dir, created, dir.path(), top, false, new int[0]);
        ForkJoinPool pool = new ForkJoinPool(parallelism);
        try {
            pool.invoke(task);
        } finally {
            pool.shutdown();
        }
        failures.rethrow();
    }

    @Override
    protected void compute() {
        if (failures.after(position, -1)) {
            return;
        }
        DirectoryFd dir = root;
        int step = -1;
        try {
            DirTree tree = engine.readDirTree(entry.tree());
            DirMeta meta = engine.dirMeta(entry.meta());
            boolean created = rootCreated;
            if (parent != null) {
                created = engine.makeDirectory(parent, name, path, parentFresh);
                dir = parent.openDirectory(name, path);
            }
            List<DirTree.File> files = tree.files();
            List<DirTree.Dir> dirs = tree.dirs();
            CheckoutTask[] subtasks = new CheckoutTask[dirs.size()];
            try {
                for (int j = 0; j < subtasks.length; j++) {
                    DirTree.Dir d = dirs.get(j);
                    int[] p = java.util.Arrays.copyOf(position, position.length + 1);
                    p[position.length] = files.size() + j;
                    subtasks[j] = new CheckoutTask(engine, failures, dir, null, false, CheckoutEngine.child(path, d.name(), entry.tree()), d, created, p);
                    subtasks[j].fork();
                }
                for (step = 0; step < files.size(); step++) {
                    if (failures.after(position, step)) {
                        break;
                    }
                    engine.checkoutFile(dir, entry.tree(), files.get(step), created);
                }
            } finally {
                for (CheckoutTask t : subtasks) {
                    if (t != null) {
                        t.join();
                    }
                }
            }
            step = files.size() + dirs.size();
            if (created && !failures.after(position, step)) {
                engine.applyDirMeta(dir, meta);
            }
        } catch (IOException | RuntimeException e) {
            failures.record(position, step, e);
        } finally {
            if (dir != null && dir != root) {
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
