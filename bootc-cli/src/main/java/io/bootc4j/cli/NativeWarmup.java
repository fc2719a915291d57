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

    /**
     * The work for one command: {@link #background} on a second thread, {@link #foreground} on the
     * main one. Plain methods rather than lambdas: the process's first lambda links
     * java.lang.invoke (~12 ms), and the second thread should not start after that.
     */
    enum Plan {
        /** ostree commands: the object store's natives (libc, libcrypto); NIO on the main thread. */
        OSTREE,
        /** image copy: Jackson; libcrypto's SHA-256 for blob digests, on the main thread. */
        IMAGE_COPY,
        /** image inspect and verify: Jackson. */
        IMAGE_READ;

        void background() {
            if (this == OSTREE) {
                NativeBindings.preload();
            } else {
                loadJackson();
            }
        }

        void foreground() {
            if (this == IMAGE_COPY) {
                nativeBlobDigests();
            } else if (this == OSTREE) {
                loadNio();
            }
        }
    }

    /** Runs a plan's background part; a failure is dropped: the command meets it again, and reports it. */
    private static final class Background implements Runnable {
        private final Plan plan;

        Background(Plan plan) {
            this.plan = plan;
        }

        @Override
        public void run() {
            try {
                plan.background();
            } catch (RuntimeException | LinkageError e) {
                // reported by the command itself when it needs what failed
            }
        }
    }

    /** Starts {@link HttpWarmup}. */
    private static final class Http implements Runnable {
        @Override
        public void run() {
            HttpWarmup.run();
        }
    }

    private static Thread thread;
    private static Plan pending;

    private NativeWarmup() {}

    /** Starts binding what the command named by {@code args} uses; nothing for other commands. */
    static synchronized void start(String[] args) {
        Plan plan = workFor(args);
        if (plan != null && thread == null) {
            thread = new Thread(new Background(plan), "bootc4j-native-warmup");
            thread.setDaemon(true);
            pending = plan;
            thread.start();
            if (namesRegistry(args)) {
                Thread http = new Thread(new Http(), "bootc4j-http-warmup"); // see HttpWarmup
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
                    return Plan.OSTREE;
                }
                if (!command.equals("image")) {
                    return null;
                }
            } else {
                return switch (a) {
                    case "copy" -> Plan.IMAGE_COPY;
                    case "inspect", "verify" -> Plan.IMAGE_READ;
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
     * Initialises NIO's file channels, which an ostree command first uses to read the repository's
     * config: loading libnio and the channel classes takes ~8 ms, which the main thread otherwise
     * spends after the native bindings, not while it waits for them.
     */
    private static void loadNio() {
        try {
            java.nio.channels.FileChannel.open(java.nio.file.Path.of("/")).close(); // only the initialisation is wanted
        } catch (java.io.IOException e) {
            // nothing to warm then; the command opens its own files and reports their errors
        }
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
        Plan mine;
        synchronized (NativeWarmup.class) {
            t = thread;
            mine = pending;
            pending = null;
        }
        if (mine != null) {
            try {
                mine.foreground();
            } catch (RuntimeException | LinkageError e) {
                // reported by the command itself when it needs what failed
            }
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
