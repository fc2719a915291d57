package io.bootc4j.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.oci.CopyOptions;
import io.bootc4j.oci.CopyResult;
import io.bootc4j.oci.Descriptor;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.DigestMismatchException;
import io.bootc4j.oci.ImageCopy;
import io.bootc4j.oci.ImageDestination;
import io.bootc4j.oci.ImageDestinations;
import io.bootc4j.oci.ImageSource;
import io.bootc4j.oci.ImageSourceOptions;
import io.bootc4j.oci.ImageSources;
import io.bootc4j.oci.ProgressListener;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OciImage;
import io.bootc4j.testing.OciImages;
import io.bootc4j.testing.ProcessResult;
import io.bootc4j.testing.RegistryServer;
import io.bootc4j.testing.Skopeo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code image copy docker://… oci:…} with several blobs in flight, against a real docker-registry
 * that skopeo pushed to: digests kept, progress consistent, and a corrupt blob failing the whole
 * copy without leaving a partial blob behind.
 */
@Interop({"docker-registry", "skopeo"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentPullInteropTest {

    private static final int LAYERS = 6;

    @TempDir
    Path work;

    private RegistryServer registry;
    private final Skopeo skopeo = new Skopeo();

    @BeforeAll
    void startRegistry() {
        registry = RegistryServer.start(RegistryServer.Auth.none());
    }

    @AfterAll
    void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private OciImage pushManyLayers(String name, String repoTag) throws IOException {
        OciImages.Builder b = OciImages.builder(work.resolve("layout-" + name));
        for (int i = 0; i < LAYERS; i++) {
            // tree contents depend on the name only: distinct names keep the two tests from sharing blobs
            b.layer(RegistryPullInteropTest.tree(work.resolve(name), name + i, 300_000));
        }
        OciImage image = b.build("v1");
        skopeo.copy(image.reference(), "docker://" + registry.host() + "/" + repoTag, "--dest-tls-verify=false").assertSuccess();
        return image;
    }

    private static ImageSourceOptions insecure() {
        return ImageSourceOptions.builder().tlsVerify(false).authFile(Path.of("/nonexistent/auth.json")).build();
    }

    /**
     * Counts blobs between blobStarted and blobDone. The first bytes of each blob are held back
     * until two blobs have started, so a copy that fetches one blob at a time cannot reach two
     * (it waits out the timeout and the maximum stays 1).
     */
    private static final class InFlight implements ProgressListener {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger max = new AtomicInteger();
        final AtomicLong bytes = new AtomicLong();
        final Set<Digest> done = ConcurrentHashMap.newKeySet();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        private final CountDownLatch twoStarted = new CountDownLatch(2);

        @Override
        public void blobStarted(Descriptor blob) {
            max.accumulateAndGet(now.incrementAndGet(), Math::max);
            twoStarted.countDown();
        }

        @Override
        public void bytesFetched(Descriptor blob, long n) {
            threads.add(Thread.currentThread().getName());
            bytes.addAndGet(n);
            try {
                twoStarted.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void blobDone(Descriptor blob) {
            now.decrementAndGet();
            done.add(blob.digest());
        }
    }

    private static List<Path> blobFiles(Path layout) throws IOException {
        try (Stream<Path> s = Files.list(layout.resolve("blobs/sha256"))) {
            return s.sorted().toList();
        }
    }

    @Test
    void copyToOciLayoutHasSeveralBlobsInFlightAndKeepsEveryDigest() throws IOException {
        OciImage image = pushManyLayers("many", "concurrent/os:v1");
        Path out = work.resolve("out");
        InFlight progress = new InFlight();
        CopyResult r;
        try (ImageSource src = ImageSources.open("docker://" + registry.host() + "/concurrent/os:v1", insecure());
             ImageDestination dst = ImageDestinations.open("oci:" + out + ":pulled")) {
            r = ImageCopy.copy(src, dst, CopyOptions.builder().concurrentBlobs(3).progress(progress).build());
        }
        assertThat(r.manifest().digest()).hasToString(image.digest());
        assertThat(progress.max.get()).as("blobs in flight at once").isBetween(2, 3);
        assertThat(progress.threads).as("copy threads").hasSizeBetween(2, 3);
        assertThat(progress.now).as("every started blob finished").hasValue(0);
        assertThat(progress.done).hasSize(LAYERS + 1);
        assertThat(r.blobsCopied()).isEqualTo(LAYERS + 1);
        long layerBytes = image.layers().stream().mapToLong(OciImage.Layer::size).sum();
        assertThat(progress.bytes.get()).isEqualTo(r.bytesCopied()).isGreaterThan(layerBytes);
        for (OciImage.Layer l : image.layers()) {
            assertThat(Files.readAllBytes(out.resolve("blobs/sha256/" + l.digest().substring(7))))
                    .isEqualTo(Files.readAllBytes(image.blob(l.digest())));
        }
        ProcessResult inspect = skopeo.inspect("oci:" + out + ":pulled", "--raw").assertSuccess();
        assertThat(Digest.sha256(inspect.stdout().getBytes(StandardCharsets.UTF_8))).hasToString(image.digest());
        skopeo.copy("oci:" + out + ":pulled", "dir:" + work.resolve("skopeo-check")).assertSuccess();
    }

    @Test
    void aCorruptBlobInTheRegistryFailsTheCopyNamingItAndLeavesNoPartialBlob() throws IOException {
        OciImage image = pushManyLayers("bad", "concurrent/bad:v1");
        String badDigest = image.layers().get(LAYERS / 2).digest();
        Path data = registry.storage().resolve("docker/registry/v2/blobs/sha256/" + badDigest.substring(7, 9) + "/"
                + badDigest.substring(7) + "/data");
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(data, bytes);

        Path out = work.resolve("out-bad");
        InFlight progress = new InFlight();
        try (ImageSource src = ImageSources.open("docker://" + registry.host() + "/concurrent/bad:v1", insecure());
             ImageDestination dst = ImageDestinations.open("oci:" + out + ":pulled")) {
            assertThatThrownBy(() -> ImageCopy.copy(src, dst, CopyOptions.builder().concurrentBlobs(4).progress(progress).build()))
                    .isInstanceOf(DigestMismatchException.class)
                    .hasMessageContaining(badDigest)
                    .satisfies(e -> assertThat(((DigestMismatchException) e).expected()).hasToString(badDigest));
        }
        assertThat(progress.max.get()).as("blobs in flight at once").isGreaterThan(1);
        assertThat(out.resolve("index.json")).as("nothing committed").doesNotExist();
        assertThat(out.resolve("blobs/sha256/" + badDigest.substring(7))).doesNotExist();
        for (Path f : blobFiles(out)) {
            assertThat(f.getFileName().toString()).as("no temp file left").doesNotStartWith(".");
            assertThat(Digest.sha256(readUnchecked(f)).hex()).as("only complete blobs").isEqualTo(f.getFileName().toString());
        }
    }

    private static byte[] readUnchecked(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
