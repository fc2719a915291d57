package io.bootc4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootc4j.oci.Digest;
import io.bootc4j.ostree.NativeDigestProvider;
import io.bootc4j.ostree.internal.nativeio.NativeBindings;

/**
 * Binds the native libraries a command will need, and initialises the libraries it parses with,
 * on a second thread while the main thread builds and parses the command line. JNA's own set-up
 * with libc's and libcrypto's bindings takes ~50 ms and the first Jackson mapper ~60 ms, while
 * picocli's reflection over the command classes keeps the main thread busy for 100-200 ms and the
 * second core is mostly idle. Every command waits for this work before it starts (see
 * {@link #await}), and nothing the parser runs touches JNA or Jackson, so no two threads ever
 * initialise the same classes at once. A failure here is dropped: the command meets it again, and
 * reports it, when it uses what failed.
 */
final class NativeWarmup {

    private static Thread thread;

    private NativeWarmup() {}

    /** Starts binding what the command named by {@code args} uses; nothing for other commands. */
    static synchronized void start(String[] args) {
        Runnable work = workFor(args);
        if (work != null && thread == null) {
            thread = new Thread(() -> {
                try {
                    work.run();
                } catch (RuntimeException | LinkageError e) {
                    // reported by the command itself when it needs what failed
                }
            }, "bootc4j-native-warmup");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * The work for {@code args}: the object store's natives for ostree commands; the digest
     * provider and Jackson for image copy; Jackson for image inspect and verify.
     */
    static Runnable workFor(String[] args) {
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
                    return NativeBindings::preload;
                }
                if (!command.equals("image")) {
                    return null;
                }
            } else {
                return switch (a) {
                    case "copy" -> () -> {
                        nativeBlobDigests();
                        loadJackson();
                    };
                    case "inspect", "verify" -> NativeWarmup::loadJackson;
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
     * by whichever of the warm-up thread and the command gets here first.
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

    /** Waits until the work {@link #start} began has ended (at once when none was started). */
    static void await() {
        Thread t;
        synchronized (NativeWarmup.class) {
            t = thread;
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
