package io.bootc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.ostree.internal.nativeio.Sha256;
import io.bootc4j.ostree.internal.nativeio.WholeBufferDeflater;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ProcessDefaultsTest {

    @Test
    void theJnaSearchPathIsTheMultiarchDirectoriesThenTheGenericOnes() {
        assertThat(ProcessDefaults.jnaLibraryPath("Linux", "amd64")).contains(
                "/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu:/usr/lib64:/lib64:/usr/lib:/lib");
        assertThat(ProcessDefaults.jnaLibraryPath("Linux", "aarch64")).hasValueSatisfying(
                p -> assertThat(p).startsWith("/usr/lib/aarch64-linux-gnu:/lib/aarch64-linux-gnu:"));
    }

    @Test
    void anUnknownSystemLeavesTheSearchPathToJna() {
        assertThat(ProcessDefaults.jnaLibraryPath("Linux", "mips")).isEmpty();
        assertThat(ProcessDefaults.jnaLibraryPath("Mac OS X", "aarch64")).isEmpty();
        assertThat(ProcessDefaults.jnaLibraryPath("Windows 11", "amd64")).isEmpty();
    }

    /**
     * The natives bootc4j binds load as well with the shortened search path as with JNA's own
     * (which asks ldconfig): a process using the path bootc4j sets reports the same bindings.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void theNativeLibrariesBindWithTheSearchPathTheCommandSets() throws Exception {
        String path = ProcessDefaults.jnaLibraryPath(System.getProperty("os.name"), System.getProperty("os.arch"))
                .orElseThrow();

        String withDefaults = probe(List.of());
        String withShortPath = probe(List.of("-D" + ProcessDefaults.JNA_LIBRARY_PATH + "=" + path));

        assertThat(withShortPath).isEqualTo(withDefaults).contains("libc=bound");
    }

    private static String probe(List<String> jvmOptions) {
        return ChildJvm.run(jvmOptions, Probe.class, List.of()).assertSuccess().stdout().strip();
    }

    /** Prints which native bindings loaded in a fresh JVM. */
    static final class Probe {
        public static void main(String[] args) throws Exception {
            String libc;
            try {
                com.sun.jna.Native.register(Probe.class, "c");
                libc = getpid() > 0 ? "bound" : "broken";
            } catch (UnsatisfiedLinkError e) {
                libc = "missing";
            }
            System.out.println("libc=" + libc + " crypto=" + Sha256.nativeAvailable()
                    + " deflate=" + WholeBufferDeflater.available());
        }

        static native int getpid();
    }
}
