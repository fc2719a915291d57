package io.bootc4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootc4j.oci.Digest;
import io.bootc4j.ostree.NativeDigestProvider;
import io.bootc4j.ostree.internal.nativeio.NativeBindings;
import java.util.concurrent.CountDownLatch;

/**
 * Binds the native libraries a command will need, and initialises the libraries it parses with,
 * on a second thread, so that the main thread's own start-up (parsing the command line, loading
 * the command's classes, opening a registry connection) runs beside it on the other core. JNA's
 * set-up with libc's and libcrypto's bindings takes ~50 ms and the first Jackson mapper ~60 ms.
 *
 * <p>The work comes in two parts. The first is what the command touches at once (the object
 * store's natives for an ostree command, Jackson for an image command): every command waits for
 * it before it starts (see {@link #await}), so no two threads ever initialise the same classes at
 * once. The second part runs on after the command has started and touches nothing the command
 * uses meanwhile: for {@code image copy}, binding libcrypto's SHA-256 and handing it to bootc-oci,
 * whose digests pick it up from then on. A failure in either is dropped: the command meets it
 * again, and reports it, when it uses what failed; a digest the native provider was not ready for
 * is computed by the JDK.
 *
 * <p>An image command whose operands name a registry ({@code docker://}) also starts
 * {@link HttpWarmup} on a third thread: the main thread spends the first ~0.1 s waiting for
 * Jackson anyway, and the JDK HTTP client's first exchange then no longer delays the first real
 * request.
 */
final class NativeWarmup {

    /** The work for one command: {@code first} before the command runs, {@code then} beside it. */
    record Plan(Runnable first, Runnable then) {}

    private static Thread thread;
    private static CountDownLatch firstDone;

    private NativeWarmup() {}

    /** Starts binding what the command named by {@code args} uses; nothing for other commands. */
    static synchronized void start(String[] args) {
        Plan plan = workFor(args);
        if (plan != null && thread == null) {
            CountDownLatch done = new CountDownLatch(1);
            thread = new Thread(() -> {
                try {
                    quietly(plan.first());
                } finally {
                    done.countDown();
                }
                quietly(plan.then());
            }, "bootc4j-native-warmup");
            thread.setDaemon(true);
            firstDone = done;
            thread.start();
            if (namesRegistry(args)) {
                Thread http = new Thread(HttpWarmup::run, "bootc4j-http-warmup"); // see HttpWarmup
                http.setDaemon(true);
                http.start();
            }
        }
    }

    /** Whether an image command's operands name a registry image ({@code docker://...}). */
    static boolean namesRegistry(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.startsWith("docker://")) {
                return true;
            }
        }
        return false;
    }

    private static void quietly(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException | LinkageError e) {
            // reported by the command itself when it needs what failed
        }
    }

    /**
     * The work for {@code args}: the object store's natives for ostree commands; Jackson, then the
     * digest provider, for image copy; Jackson for image inspect and verify.
     */
    static Plan workFor(String[] args) {
        String command = null;
        for (String a : args) {
            if (a.equals("--")) {
                return null;
            }
            if (a.startsWith("-")) {
                continue;
            }
            if (command == null) {
                command = a;
                if (command.equals("ostree")) {
                    return new Plan(NativeBindings::preload, () -> { });
                }
                if (!command.equals("image")) {
                    return null;
                }
            } else {
                return switch (a) {
                    case "copy" -> new Plan(NativeWarmup::loadJackson, BlobDigests::ensure);
                    case "inspect", "verify" -> new Plan(NativeWarmup::loadJackson, () -> { });
                    default -> null;
                };
            }
        }
        return null;
    }

    /**
     * Hands libcrypto's SHA-256, when present, to bootc-oci for blob and manifest digests: it runs
     * at full speed from the first byte, where the JDK's is ~10x slower until C2 has compiled its
     * intrinsic. Given to bootc-oci directly rather than installed in the JCA provider list, whose
     * first lookup by name would load every configured provider (~30 ms). Done here when no
     * warm-up thread is doing it, else left to that thread: the command does not wait for it.
     */
    static void nativeBlobDigests() {
        synchronized (NativeWarmup.class) {
            if (thread != null) {
                return;
            }
        }
        BlobDigests.ensure();
    }

    /** Its initialiser does {@link #nativeBlobDigests}'s work, which the JVM runs exactly once. */
    private static final class BlobDigests {
        static {
            NativeDigestProvider.create().ifPresent(Digest::useSha256Provider);
        }

        private BlobDigests() {}

        static void ensure() {}
    }

    /**
     * Initialises Jackson's databind classes, which every image command parses manifests with:
     * the first {@code ObjectMapper} costs ~60 ms (its date format loads the locale providers).
     */
    private static void loadJackson() {
        new ObjectMapper();
    }

    /** Waits until the first part of the work {@link #start} began has ended (at once when none was started). */
    static void await() {
        CountDownLatch done;
        synchronized (NativeWarmup.class) {
            done = firstDone;
        }
        if (done == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the command must not start while the bindings are half made
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
