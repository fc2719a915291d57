package io.bootc4j.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.oci.Descriptor;
import io.bootc4j.oci.DigestMismatchException;
import io.bootc4j.oci.ImageReference;
import io.bootc4j.oci.Manifest;
import io.bootc4j.oci.ProgressListener;
import io.bootc4j.oci.cache.BlobCache;
import io.bootc4j.testing.FaultProxy;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OciImage;
import io.bootc4j.testing.OciImages;
import io.bootc4j.testing.RegistryServer;
import io.bootc4j.testing.Skopeo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pulls through a fault-injecting TCP proxy in front of a real registry. */
@Interop({"docker-registry", "skopeo"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryFaultInteropTest {

    @TempDir
    Path work;

    private RegistryServer registry;
    private FaultProxy proxy;
    private OciImage image;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startRegistry(@TempDir Path layouts) throws IOException {
        registry = RegistryServer.start(RegistryServer.Auth.none());
        image = OciImages.fromDirectory(RegistryPullInteropTest.tree(layouts, "big", 600_000), layouts.resolve("layout"), "v1");
        new Skopeo().copy(image.reference(), "docker://" + registry.host() + "/fault/os:v1", "--dest-tls-verify=false")
                .assertSuccess();
        proxy = FaultProxy.inFrontOf(registry);
    }

    @AfterAll
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void reset() {
        proxy.passThrough();
        sleeps.clear();
        requests.clear();
    }

    private RegistryClient.Builder client() {
        return RegistryClient.builder().insecureRegistry(proxy.host()).sleeper(sleeps::add)
                .addInterceptor(chain -> {
                    requests.add(chain.request().method() + " " + chain.request().uri().getPath()
                            + chain.request().headers().firstValue("Range").map(r -> " Range:" + r).orElse(""));
                    return chain.proceed(chain.request());
                });
    }

    private RegistryImageSource open(RegistryClient c) throws IOException {
        return c.open(ImageReference.parse(proxy.host() + "/fault/os:v1"));
    }

    private Descriptor layer(RegistryImageSource src) throws IOException {
        return Manifest.parse(src.manifest(Optional.empty())).layers().get(0);
    }

    @Test
    void connectionResetMidBlobIsResumedWithARangeRequest() throws IOException {
        try (RegistryImageSource src = open(client().build())) {
            Descriptor layer = layer(src);
            assertThat(layer.size()).isGreaterThan(500_000);
            int resetsBefore = proxy.resets();
            proxy.resetAfter(200_000);
            byte[] got;
            try (InputStream in = src.openBlob(layer)) {
                got = in.readAllBytes();
            }
            assertThat(got).isEqualTo(Files.readAllBytes(image.blob(layer.digest().toString())));
            assertThat(proxy.resets() - resetsBefore).isEqualTo(1);
            assertThat(requests).anyMatch(r -> r.contains("/blobs/" + layer.digest()) && r.contains("Range:bytes="));
        }
    }

    @Test
    void tooManyRequestsIsWaitedOutForItsRetryAfter() throws IOException {
        try (RegistryImageSource src = open(client().build())) {
            Descriptor layer = layer(src);
            int cannedBefore = proxy.cannedResponses();
            proxy.respondOnce(429, Map.of("Retry-After", "7"), "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\"}]}");
            try (InputStream in = src.openBlob(layer)) {
                assertThat(in.readAllBytes()).hasSize((int) layer.size());
            }
            assertThat(proxy.cannedResponses() - cannedBefore).isEqualTo(1);
            assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
        }
    }

    @Test
    void retryAfterLongerThanTheCapIsCapped() throws IOException {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(30));
        try (RegistryImageSource src = open(client().retryPolicy(policy).build())) {
            proxy.respondOnce(429, Map.of("Retry-After", "3600"), "");
            assertThat(src.manifest(Optional.of(src.manifestDigest())).digest()).isEqualTo(src.manifestDigest());
            Manifest.parse(src.manifest(Optional.empty()));
            try (InputStream in = src.openBlob(layer(src))) {
                in.readAllBytes();
            }
            assertThat(sleeps).containsExactly(Duration.ofSeconds(30));
        }
    }

    @Test
    void serverErrorOnceIsRetriedWithBackoff() throws IOException {
        try (RegistryImageSource src = open(client().build())) {
            Descriptor layer = layer(src);
            int cannedBefore = proxy.cannedResponses();
            proxy.respondOnce(500, Map.of(), "boom");
            try (InputStream in = src.openBlob(layer)) {
                assertThat(in.readAllBytes()).hasSize((int) layer.size());
            }
            assertThat(sleeps).containsExactly(RetryPolicy.defaults().backoff(1));
            assertThat(proxy.cannedResponses() - cannedBefore).isEqualTo(1);
        }
    }

    @Test
    void persistentServerErrorFailsNamingRegistryRepositoryAndBlob() throws IOException {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(2));
        try (RegistryImageSource src = open(client().retryPolicy(policy).build())) {
            Descriptor layer = layer(src);
            proxy.respond(3, 503, Map.of(), "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"maintenance\"}]}");
            assertThatThrownBy(() -> src.openBlob(layer)).isInstanceOf(RegistryException.class)
                    .hasMessageContaining(proxy.host() + "/fault/os").hasMessageContaining(layer.digest().toString())
                    .hasMessageContaining("503").hasMessageContaining("maintenance");
            assertThat(sleeps).hasSize(2);
        }
    }

    @Test
    void resetOnEveryConnectionGivesUpNamingTheBlobAndCause() throws IOException {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(2));
        try (RegistryImageSource src = open(client().retryPolicy(policy).build())) {
            Descriptor layer = layer(src);
            // Each connection dies after 100 kB: progress is made but the attempt budget runs out.
            proxy.resetEveryConnectionAfter(100_000);
            assertThatThrownBy(() -> {
                try (InputStream in = src.openBlob(layer)) {
                    in.readAllBytes();
                }
            }).hasMessageContaining(proxy.host() + "/fault/os").hasMessageContaining(layer.digest().toString())
                    .hasMessageContaining("after 3 attempts");
            assertThat(requests).filteredOn(r -> r.contains("Range:")).hasSize(2);
        }
    }

    @Test
    @Timeout(60) // without a read timeout the read would block for ever
    void blobBodyThatStallsIsResumedLikeAReset() throws IOException {
        RegistryClient c = client().readTimeout(Duration.ofMillis(400)).sleeper(d -> {
            sleeps.add(d);
            proxy.passThrough(); // the stall ends with the broken connection
        }).build();
        try (RegistryImageSource src = open(c)) {
            Descriptor layer = layer(src);
            // every chunk, the first one with the headers too, waits 2 s: the body then stalls
            proxy.delayEachChunk(Duration.ofSeconds(2));
            byte[] got;
            try (InputStream in = src.openBlob(layer)) {
                got = in.readAllBytes();
            }
            assertThat(got).isEqualTo(Files.readAllBytes(image.blob(layer.digest().toString())));
            assertThat(sleeps).hasSize(1);
            assertThat(requests).anyMatch(r -> r.contains("/blobs/" + layer.digest()) && r.contains("Range:bytes="));
        }
    }

    @Test
    @Timeout(60)
    void blobBodyThatStaysStalledFailsNamingRegistryRepositoryAndBlob() throws IOException {
        RetryPolicy twice = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1));
        RegistryClient c = client().retryPolicy(twice).readTimeout(Duration.ofMillis(300)).build();
        try (RegistryImageSource src = open(c)) {
            Descriptor layer = layer(src);
            proxy.delayEachChunk(Duration.ofSeconds(1));
            assertThatThrownBy(() -> {
                try (InputStream in = src.openBlob(layer)) {
                    in.readAllBytes();
                }
            }).hasMessageContaining(proxy.host() + "/fault/os").hasMessageContaining(layer.digest().toString())
                    .hasMessageContaining("no data received for 300 ms").hasMessageContaining("after 2 attempts");
        }
    }

    @Test
    void blobWithWrongBytesIsRejectedAndNothingIsCached() throws IOException {
        Descriptor layer;
        try (RegistryImageSource plain = open(client().build())) {
            layer = layer(plain);
        }
        BlobCache cache = BlobCache.open(work.resolve("cache"));
        // manifest() is not called on this source, so no read-ahead races the canned answer
        try (RegistryImageSource src = open(client().blobCache(cache).build())) {
            proxy.respondOnce(200, Map.of("Content-Type", "application/octet-stream"), "x".repeat((int) layer.size()));
            assertThatThrownBy(() -> src.openBlob(layer)).isInstanceOf(DigestMismatchException.class)
                    .hasMessageContaining(layer.digest().toString());
            assertThat(cache.find(layer.digest())).isEmpty();
            try (Stream<Path> files = Files.walk(work.resolve("cache"))) {
                assertThat(files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/locks/"))).isEmpty();
            }
            // the next attempt, without the fault, fills the cache
            src.prefetch(List.of(layer), ProgressListener.NONE);
            assertThat(cache.find(layer.digest())).isPresent();
        }
    }
}
