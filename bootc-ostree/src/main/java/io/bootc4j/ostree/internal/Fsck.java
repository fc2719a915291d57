package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.FsckResult;
import io.bootc4j.ostree.FsckResult.Problem;
import io.bootc4j.ostree.ObjectName;
import io.bootc4j.ostree.ObjectType;
import io.bootc4j.ostree.RefName;
import io.bootc4j.ostree.Repo;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ostree fsck}: (1) every loose object is re-hashed (content objects from the canonical
 * header + content stream, whatever the mode stores) and metadata objects are parsed strictly;
 * (2) every commit in the repository and every ref target is walked and each object it names must
 * exist. Commits marked partial ({@code state/CSUM.commitpartial}) are not walked. Problems are
 * collected, not thrown, in the order a single-threaded run finds them: verification problems in
 * listing order ({@link LooseObjects#forEach}), then refs whose commit is missing, then what the
 * walk finds, in walk order.
 *
 * <p>Both cores stay busy throughout: the {@code objects/XX} directories are listed by every
 * thread at once; then one thread runs the walk ({@link FsckWalk}, which verifies the commits and
 * dirtrees it needs as it goes) while the others verify every other object, and joins them when
 * the walk is done. Each thread has its own buffer and hasher.
 */
public final class Fsck {

    /** Fewer objects than this per extra thread are not worth a thread. */
    private static final int OBJECTS_PER_THREAD = 64;
    /** Fewer {@code objects/XX} directories than this per extra thread are listed on one thread. */
    private static final int PREFIXES_PER_THREAD = 16;

    private final Repo repo;
    private final LooseObjects objects;
    private final RefStore refs;

    public Fsck(Repo repo, LooseObjects objects, RefStore refs) {
        this.repo = repo;
        this.objects = objects;
        this.refs = refs;
    }

    public FsckResult run() throws IOException {
        List<ObjectName> listed = list();
        Problem[] found = new Problem[listed.size()];
        AtomicInteger next = new AtomicInteger();
        ObjectVerifier walker = new ObjectVerifier(objects);
        FsckWalk walk = new FsckWalk(repo.path(), listed, found, walker);
        inParallel(threads(listed.size(), OBJECTS_PER_THREAD), "fsck-verify",
                () -> {
                    walk.run();
                    verifyRest(walker, listed, next, found);
                },
                () -> verifyRest(new ObjectVerifier(objects), listed, next, found));
        List<Problem> problems = new ArrayList<>();
        for (Problem p : found) {
            if (p != null) {
                problems.add(p);
            }
        }
        for (Map.Entry<RefName, Checksum> e : refs.list().entrySet()) {
            ObjectName c = new ObjectName(e.getValue(), ObjectType.COMMIT);
            if (!walk.isPresent(c)) {
                problems.add(new Problem(c, Problem.Kind.MISSING, "ref " + e.getKey() + " points to it"));
            }
        }
        problems.addAll(walk.problems());
        return new FsckResult(problems, listed.size(), walk.commitsWalked());
    }

    /** Every loose object in {@link LooseObjects#forEach} order, the prefix directories listed in parallel. */
    private List<ObjectName> list() throws IOException {
        List<Path> prefixes = objects.prefixDirectories();
        // each slot is written by the one thread that listed its directory, and read after all have ended
        List<List<ObjectName>> chunks = new ArrayList<>(Collections.nCopies(prefixes.size(), List.of()));
        AtomicInteger next = new AtomicInteger();
        Task lister = () -> {
            for (int i = next.getAndIncrement(); i < prefixes.size(); i = next.getAndIncrement()) {
                List<ObjectName> chunk = new ArrayList<>();
                objects.forEachIn(prefixes.get(i), chunk::add);
                chunks.set(i, chunk);
            }
        };
        inParallel(threads(prefixes.size(), PREFIXES_PER_THREAD), "fsck-list", lister, lister);
        int total = 0;
        for (List<ObjectName> chunk : chunks) {
            total += chunk.size();
        }
        List<ObjectName> listed = new ArrayList<>(total);
        chunks.forEach(listed::addAll);
        return listed;
    }

    /** Verifies the listed objects the walk does not, taking the next unclaimed one until none is left. */
    private static void verifyRest(ObjectVerifier verifier, List<ObjectName> listed, AtomicInteger next, Problem[] found) {
        for (int i = next.getAndIncrement(); i < listed.size(); i = next.getAndIncrement()) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            ObjectName name = listed.get(i);
            if (!FsckWalk.verifies(name.type())) {
                found[i] = verifier.verify(name);
            }
        }
    }

    private static int threads(int items, int perThread) {
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), items / perThread));
    }

    /** A unit of work that may fail with an I/O error. */
    private interface Task {
        void run() throws IOException;
    }

    /**
     * Runs {@code here} on this thread and {@code elsewhere} on {@code threads - 1} others, and
     * returns when all have ended; a failure on any of them is thrown (this thread's first).
     */
    private static void inParallel(int threads, String name, Task here, Task elsewhere) throws IOException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> extra = new ArrayList<>();
        for (int i = 1; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    elsewhere.run();
                } catch (IOException | RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
            }, name + "-" + i);
            t.setDaemon(true);
            t.start();
            extra.add(t);
        }
        try {
            here.run();
        } finally {
            joinAll(extra);
        }
        Throwable f = failure.get();
        if (f instanceof IOException e) {
            throw e;
        } else if (f instanceof RuntimeException e) {
            throw e;
        } else if (f instanceof Error e) {
            throw e;
        }
    }

    private static void joinAll(List<Thread> threads) throws InterruptedIOException {
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("fsck interrupted");
        }
    }
}
