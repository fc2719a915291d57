package io.bootc4j.ostree.internal.nativeio;

/**
 * Binds the native functions every object store command uses: {@link LibC}'s (open, statx,
 * linkat, mkdirat, ...) and libcrypto's SHA-256. Each is bound on first use anyway; binding them
 * up front lets a short-lived process do it on a spare core while it is busy with something else
 * (the command line parser), instead of on the critical path. {@link LibCExtra}'s (xattrs,
 * copies, ...) are left to their first use: a hard-link checkout calls none of them.
 *
 * <p>Binding initialises JNA's classes, whose static initialisers depend on each other: the
 * caller must let {@link #preload} finish before any other thread uses this package, or two
 * threads may each wait for the class the other is initialising.
 */
public final class NativeBindings {

    private NativeBindings() {}

    /** Binds the natives now; failures are left for first use to report, as without this. */
    public static void preload() {
        try {
            Sha256.implementation();
            LibC.bind();
        } catch (LinkageError e) {
            // no libc binding: the code that needs one reports it when it runs
        }
    }
}
