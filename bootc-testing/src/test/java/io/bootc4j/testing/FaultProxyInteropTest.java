package io.bootc4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy in front of a real registry, driven by a real client. */
@Interop({"docker-registry", "skopeo"})
class FaultProxyInteropTest {

    @Test
    void skopeoReachesTheRegistryThroughTheProxyAndFailsOnItsFaults(@TempDir Path dir) {
        OciImage image = OciImages.fromDirectory(TestTrees.realisticContainerRootfs(dir.resolve("rootfs"), 5),
                dir.resolve("layout"), "v1");
        Skopeo skopeo = new Skopeo();
        try (RegistryServer registry = RegistryServer.start(RegistryServer.Auth.none());
             FaultProxy proxy = FaultProxy.inFrontOf(registry)) {
            String viaProxy = "docker://" + proxy.host() + "/os:v1";
            skopeo.copy(image.reference(), viaProxy, "--dest-tls-verify=false").assertSuccess();
            skopeo.inspect(viaProxy, "--tls-verify=false").assertSuccess();
            assertThat(proxy.connections()).isPositive();

            proxy.resetEveryConnectionAfter(100);
            ProcessResult reset = skopeo.inspect(viaProxy, "--tls-verify=false", "--retry-times=0");
            assertThat(reset.exitCode()).isNotZero();
            assertThat(proxy.resets()).isPositive();

            proxy.passThrough().respond(10, 503, Map.of("Retry-After", "1"), "maintenance");
            ProcessResult unavailable = skopeo.inspect(viaProxy, "--tls-verify=false", "--retry-times=0");
            assertThat(unavailable.exitCode()).isNotZero();
            assertThat(unavailable.stderr()).contains("503");
            assertThat(proxy.cannedResponses()).isPositive();

            proxy.passThrough();
            skopeo.inspect(viaProxy, "--tls-verify=false").assertSuccess();
        }
    }
}
