package io.bootc4j.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * System properties the {@code bootc4j} command sets for its own process before any work, each
 * only when the user has not set it ({@code BOOTC4J_JAVA_OPTS="-Dname=value"} wins). They tune
 * libraries that read them once, when their classes load; an application embedding bootc4j may
 * set the same ones.
 */
final class ProcessDefaults {

    /** The JDK HttpClient's socket read size. */
    static final String HTTP_BUFSIZE = "jdk.httpclient.bufsize";

    /** The directories JNA searches for native libraries by default. */
    static final String JNA_LIBRARY_PATH = "jna.platform.library.path";

    /** Debian's multiarch directory names, by {@code os.arch}. */
    private static final Map<String, String> MULTIARCH = Map.of(
            "amd64", "x86_64-linux-gnu",
            "x86_64", "x86_64-linux-gnu",
            "aarch64", "aarch64-linux-gnu",
            "ppc64le", "powerpc64le-linux-gnu",
            "s390x", "s390x-linux-gnu",
            "riscv64", "riscv64-linux-gnu");

    private ProcessDefaults() {}

    static void apply() {
        // The JDK HttpClient reads 16 KiB per socket read by default; a 215 MB blob then drives
        // its per-buffer code (allocation, queueing, hand-over to the reading thread) through
        // ~13k rounds, and C2 compiled it. CPU of a 20-layer pull of 215 MB: 5.5 s at 16 KiB
        // (3.3 s of it compiling), ~2.3 s at 256 KiB, ~2.0 s at 1 MiB.
        setIfAbsent(HTTP_BUFSIZE, Integer.toString(1024 * 1024));
        // Without this property JNA's first use runs `/sbin/ldconfig -p` in a child process to
        // learn the library directories: ~30 ms of every ostree command (a fork, an exec and the
        // JDK's process machinery). The libraries bootc4j binds (libc, libcrypto, libdeflate) are
        // in the multiarch directories, and a name JNA does not find there is still handed to
        // dlopen, which consults the ld.so cache itself.
        // No lambda here or before the native warm-up starts: the process's first lambda links
        // java.lang.invoke (~12 ms of the main thread), which the warm-up need not wait for.
        Optional<String> jnaPath = jnaLibraryPath(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        if (jnaPath.isPresent()) {
            setIfAbsent(JNA_LIBRARY_PATH, jnaPath.get());
        }
    }

    /**
     * The directories JNA would search on this Linux system, less those only {@code ldconfig}
     * knows; empty where bootc4j does not know the layout (then JNA works them out itself).
     */
    static Optional<String> jnaLibraryPath(String osName, String osArch) {
        String triplet = MULTIARCH.get(osArch.toLowerCase(Locale.ROOT));
        if (!osName.equals("Linux") || triplet == null) {
            return Optional.empty();
        }
        return Optional.of(String.join(":", "/usr/lib/" + triplet, "/lib/" + triplet, "/usr/lib64", "/lib64",
                "/usr/lib", "/lib"));
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
