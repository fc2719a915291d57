package io.bootc4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootc4j.oci.Digest;
import io.bootc4j.ostree.NativeDigestProvider;
import io.bootc4j.ostree.internal.nativeio.NativeBindings;

/**
 * Binds the native libraries a command will need, and initialises the libraries it parses with,
 * while the command starts, on both cores: JNA's set-up with libc's and libcrypto's bindings takes
 * ~50 ms and the first Jackson mapper ~60-100 ms, and parsing the command line takes ~10 ms.
 *
 * <p>A command's {@link Plan} has a background part, run on a second thread from the moment the
 * process starts, and a foreground part, which the main thread runs in {@link #await} once it has
 * parsed the command line, before it waits for the background part to end. Every command starts
 * only after both, so the two parts never initialise the same classes at once and nothing the
 * command uses is still being initialised by another thread. For an ostree command the background
 * binds the object store's natives; for an image command it initialises Jackson, and for
 * {@code image copy} the foreground binds libcrypto's SHA-256 and hands it to bootc-oci (blob
 * digests on the JDK's SHA-256 would run ~10x slower under C1). A failure in either part is
 * dropped: the command meets it again, and reports it, when it uses what failed.
 *
 * <p>An image command whose operands name a registry ({@code docker://}) also starts
 * {@link HttpWarmup} on a third thread, so that the JDK HTTP client's first exchange does not
 * delay the first real request.
 */
final class NativeWarmup {

    /** The work for one command: {@code background} on a second thread, {@code foreground} on the main one. */
    record Plan(Runnable background, Runnable foreground) {}

    private static final Runnable NOTHING = () -> { };

    private static Thread thread;
    private static Runnable foreground;

    private NativeWarmup() {}

    /** Starts binding what the command named by {@code args} uses; nothing for other commands. */
    static synchronized void start(String[] args) {
        Plan plan = workFor(args);
        if (plan != null && thread == null) {
            thread = new Thread(() -> quietly(plan.background()), "bootc4j-native-warmup");
            thread.setDaemon(true);
            foreground = plan.foreground();
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
     * The work for {@code args}: the object store's natives for ostree commands; Jackson, and the
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
                    return new Plan(NativeBindings::preload, NOTHING);
                }
                if (!command.equals("image")) {
                    return null;
                }
            } else {
                return switch (a) {
                    case "copy" -> new Plan(NativeWarmup::loadJackson, NativeWarmup::nativeBlobDigests);
                    case "inspect", "verify" -> new Plan(NativeWarmup::loadJackson, NOTHING);
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
     * first lookup by name would load every configured provider (~30 ms). Done once per process,
     * by whichever caller gets here first.
     */
    static void nativeBlobDigests() {
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

    /**
     * Runs the foreground part of the work {@link #start} planned, then waits until the background
     * part has ended; returns at once when nothing was started.
     */
    static void await() {
        Thread t;
        Runnable mine;
        synchronized (NativeWarmup.class) {
            t = thread;
            mine = foreground;
            foreground = null;
        }
        if (mine != null) {
            quietly(mine);
        }
        if (t == null) {
            return;
        }
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true; // the command must not start while the bindings are half made
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
