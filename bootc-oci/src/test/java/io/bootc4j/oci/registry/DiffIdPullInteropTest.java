package io.bootc4j.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.oci.CopyOptions;
import io.bootc4j.oci.CopyResult;
import io.bootc4j.oci.DiffIdMismatchException;
import io.bootc4j.oci.ImageCopy;
import io.bootc4j.oci.ImageDestination;
import io.bootc4j.oci.ImageDestinations;
import io.bootc4j.oci.ImageSource;
import io.bootc4j.oci.ImageSourceOptions;
import io.bootc4j.oci.ImageSources;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OciImage;
import io.bootc4j.testing.OciImages;
import io.bootc4j.testing.RegistryServer;
import io.bootc4j.testing.Skopeo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code image copy --verify-diff-ids docker://… oci:…} against a real docker-registry that skopeo
 * pushed to: a zstd image whose config is right copies; a gzip one whose config lists another
 * diff_id (which skopeo pushes without complaint) is refused and not tagged.
 */
@Interop({"docker-registry", "skopeo"})
class DiffIdPullInteropTest {

    @TempDir
    Path work;

    @Test
    void verifiedPullAcceptsAnHonestImageAndRefusesOneWhoseConfigLies() throws Exception {
        Path rootfs = RegistryPullInteropTest.tree(work.resolve("trees"), "diffid", 400_000);
        OciImage honest = OciImages.builder(work.resolve("honest")).layer(rootfs).compression(OciImages.Compression.ZSTD)
                .build("v1");
        String wrong = "sha256:" + "cd".repeat(32);
        OciImage lying = OciImages.builder(work.resolve("lying")).layer(rootfs).configDiffIds(List.of(wrong)).build("v1");
        Skopeo skopeo = new Skopeo();
        try (RegistryServer registry = RegistryServer.start(RegistryServer.Auth.none())) {
            skopeo.copy(honest.reference(), "docker://" + registry.host() + "/diffid/honest:v1", "--dest-tls-verify=false")
                    .assertSuccess();
            skopeo.copy(lying.reference(), "docker://" + registry.host() + "/diffid/lying:v1", "--dest-tls-verify=false")
                    .assertSuccess();
            CopyOptions verify = CopyOptions.builder().verifyDiffIds(true).build();
            assertThat(pull("docker://" + registry.host() + "/diffid/honest:v1", work.resolve("out"), verify).digest())
                    .hasToString(honest.digest());
            assertThatThrownBy(() -> pull("docker://" + registry.host() + "/diffid/lying:v1", work.resolve("bad"), verify))
                    .isInstanceOf(DiffIdMismatchException.class)
                    .hasMessageContaining("diffid/lying")
                    .hasMessageContaining(wrong)
                    .hasMessageContaining(lying.layers().get(0).diffId());
            assertThat(work.resolve("bad/index.json")).satisfiesAnyOf(
                    p -> assertThat(p).doesNotExist(),
                    p -> assertThat(Files.readString(p)).doesNotContain("\"v1\""));
        }
    }

    private static CopyResult pull(String from, Path layout, CopyOptions options) throws Exception {
        ImageSourceOptions insecure = ImageSourceOptions.builder().tlsVerify(false)
                .authFile(Path.of("/nonexistent/auth.json")).build();
        try (ImageSource src = ImageSources.open(from, insecure);
             ImageDestination dst = ImageDestinations.open("oci:" + layout + ":v1")) {
            return ImageCopy.copy(src, dst, options);
        }
    }
}
