package io.bootc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OciImage;
import io.bootc4j.testing.OciImages;
import io.bootc4j.testing.RegistryServer;
import io.bootc4j.testing.Skopeo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bootc4j image copy|inspect docker://…} against a real registry that skopeo pushed to. */
@Interop({"skopeo", "docker-registry"})
class ImageCommandRegistryInteropTest {

    @TempDir
    Path tmp;

    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void pullsFromARegistryKeepingTheDigestAndPicksArm64FromAnIndex() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.writeString(rootfs.resolve("f"), "amd64\n");
        Path layout = tmp.resolve("layout");
        OciImage amd = OciImages.builder(layout).layer(rootfs).platform("linux", "amd64").build("amd");
        Files.writeString(rootfs.resolve("f"), "arm64\n");
        OciImage arm = OciImages.builder(layout).layer(rootfs).platform("linux", "arm64")
                .compression(OciImages.Compression.ZSTD).build("arm");
        OciImage index = OciImages.index(layout, "multi", List.of(amd, arm));
        try (RegistryServer registry = RegistryServer.start(RegistryServer.Auth.none())) {
            Skopeo skopeo = new Skopeo();
            skopeo.copy(amd.reference(), "docker://" + registry.host() + "/os:1", Skopeo.destOptions(registry)).assertSuccess();
            skopeo.copy(index.reference(), "docker://" + registry.host() + "/os:multi",
                    concat(Skopeo.destOptions(registry), "--all")).assertSuccess();

            String[] r = run("image", "copy", "--insecure-policy", "--src-tls-verify=false",
                    "docker://" + registry.host() + "/os:1", "oci:" + tmp.resolve("out") + ":1");
            assertThat(r[0]).as(r[2]).isEqualTo("0");
            assertThat(r[1]).endsWith(amd.digest() + "\n");
            String raw = skopeo.inspect("oci:" + tmp.resolve("out") + ":1", "--raw").assertSuccess().stdout();
            assertThat(raw.strip()).isEqualTo(Files.readString(amd.blob(amd.digest())).strip());

            String[] a = run("image", "copy", "--insecure-policy", "--src-tls-verify=false", "--override-arch", "arm64",
                    "docker://" + registry.host() + "/os:multi", "oci:" + tmp.resolve("arm") + ":a");
            assertThat(a[0]).as(a[2]).isEqualTo("0");
            assertThat(a[1]).endsWith(arm.digest() + "\n");

            String[] i = run("image", "inspect", "--tls-verify=false", "docker://" + registry.host() + "/os:1");
            assertThat(i[0]).as(i[2]).isEqualTo("0");
            assertThat(new ObjectMapper().readTree(i[1]).get("Digest").asText()).isEqualTo(amd.digest());
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
