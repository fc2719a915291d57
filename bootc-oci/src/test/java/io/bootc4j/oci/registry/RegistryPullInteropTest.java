package io.bootc4j.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.oci.CopyOptions;
import io.bootc4j.oci.CopyResult;
import io.bootc4j.oci.Descriptor;
import io.bootc4j.oci.ImageCopy;
import io.bootc4j.oci.ImageDestination;
import io.bootc4j.oci.ImageDestinations;
import io.bootc4j.oci.ImageSource;
import io.bootc4j.oci.ImageSourceOptions;
import io.bootc4j.oci.ImageSources;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.ImageIndex;
import io.bootc4j.oci.ImageReference;
import io.bootc4j.oci.Manifest;
import io.bootc4j.oci.ManifestBytes;
import io.bootc4j.oci.MediaType;
import io.bootc4j.oci.Platform;
import io.bootc4j.oci.PlatformMatcher;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OciImage;
import io.bootc4j.testing.OciImages;
import io.bootc4j.testing.ProcessResult;
import io.bootc4j.testing.RegistryServer;
import io.bootc4j.testing.Skopeo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Pulls images that skopeo pushed to a real docker-registry and compares them byte for byte. */
@Interop({"docker-registry", "skopeo"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryPullInteropTest {

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

    static Path tree(Path dir, String name, int randomBytes) throws IOException {
        Path root = dir.resolve(name);
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/os-release"), "ID=" + name + "\n");
        byte[] data = new byte[randomBytes];
        new Random(name.hashCode()).nextBytes(data);
        Files.write(root.resolve("etc/blob.bin"), data);
        return root;
    }

    private RegistryClient client() throws IOException {
        return RegistryClient.builder().insecureRegistry(registry.host()).build();
    }

    private String push(OciImage image, String repoTag, String... extra) {
        String[] args = new String[extra.length + 1];
        args[0] = "--dest-tls-verify=false";
        System.arraycopy(extra, 0, args, 1, extra.length);
        skopeo.copy(image.reference(), "docker://" + registry.host() + "/" + repoTag, args).assertSuccess();
        return registry.host() + "/" + repoTag;
    }

    private Digest skopeoDigest(String ref) {
        ProcessResult raw = skopeo.inspect("docker://" + ref, "--raw", "--tls-verify=false").assertSuccess();
        return Digest.sha256(raw.stdout().getBytes(StandardCharsets.UTF_8));
    }

    private void assertBlobsMatch(RegistryImageSource src, Manifest m, OciImage image) throws IOException {
        for (Descriptor d : m.layers()) {
            try (InputStream in = src.openBlob(d)) {
                assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(image.blob(d.digest().toString())));
            }
        }
        try (InputStream in = src.openBlob(m.config())) {
            assertThat(Digest.sha256(in.readAllBytes())).isEqualTo(m.config().digest());
        }
    }

    @Test
    void singleArchGzipImageHasTheSameManifestDigestAndBlobsAsPushed() throws IOException {
        OciImage image = OciImages.fromDirectory(tree(work, "gz", 200_000), work.resolve("layout"), "v1");
        String ref = push(image, "single/gzip:v1");
        try (RegistryImageSource src = client().open(ImageReference.parse(ref))) {
            ManifestBytes top = src.manifest(Optional.empty());
            assertThat(top.digest()).isEqualTo(skopeoDigest(ref)).hasToString(image.digest());
            assertThat(top.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
            assertBlobsMatch(src, Manifest.parse(top), image);
        }
    }

    @Test
    void zstdLayersArePulledVerbatim() throws IOException {
        OciImage image = OciImages.builder(work.resolve("layout")).layer(tree(work, "zs", 50_000))
                .layer(tree(work, "zs2", 1000)).compression(OciImages.Compression.ZSTD).build("z");
        String ref = push(image, "single/zstd:z");
        try (RegistryImageSource src = client().open(ImageReference.parse(ref))) {
            Manifest m = Manifest.parse(src.manifest(Optional.empty()));
            assertThat(m.layers()).extracting(Descriptor::mediaType).containsOnly(MediaType.OCI_LAYER_ZSTD);
            assertThat(m.digest()).hasToString(image.digest());
            assertBlobsMatch(src, m, image);
        }
    }

    @Test
    void dockerSchema2ManifestKeepsItsExactBytes() throws IOException {
        OciImage image = OciImages.fromDirectory(tree(work, "d2", 10_000), work.resolve("layout"), "d");
        String ref = push(image, "docker/v2s2:d", "--format", "v2s2");
        try (RegistryImageSource src = client().open(ImageReference.parse(ref))) {
            ManifestBytes top = src.manifest(Optional.empty());
            assertThat(top.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
            assertThat(top.digest()).isEqualTo(skopeoDigest(ref));
            Manifest m = Manifest.parse(top);
            assertThat(m.isDocker()).isTrue();
            assertBlobsMatch(src, m, image);
        }
    }

    @Test
    void multiArchIndexYieldsTheArm64InstanceByDigest() throws IOException {
        Path layout = work.resolve("multi");
        OciImage amd = OciImages.builder(layout).layer(tree(work, "amd", 1000)).platform("linux", "amd64").build(null);
        OciImage arm = OciImages.builder(layout).layer(tree(work, "arm", 1000)).platform("linux", "arm64").build(null);
        OciImage index = OciImages.index(layout, "multi", java.util.List.of(amd, arm));
        String ref = push(index, "multi/os:1", "--all");
        try (RegistryImageSource src = client().open(ImageReference.parse(ref))) {
            ManifestBytes top = src.manifest(Optional.empty());
            assertThat(top.isIndex()).isTrue();
            assertThat(top.digest()).hasToString(index.digest());
            Descriptor chosen = PlatformMatcher.of(Platform.of("linux", "arm64")).choose(ImageIndex.parse(top));
            assertThat(chosen.digest()).hasToString(arm.digest());
            ManifestBytes instance = src.manifest(Optional.of(chosen.digest()));
            assertThat(instance.digest()).isEqualTo(chosen.digest());
            assertBlobsMatch(src, Manifest.parse(instance), arm);
        }
    }

    @Test
    void pullByDigestReferenceVerifiesTheManifest() throws IOException {
        OciImage image = OciImages.fromDirectory(tree(work, "dig", 100), work.resolve("layout"), "t");
        String ref = push(image, "bydigest/img:t");
        String byDigest = registry.host() + "/bydigest/img@" + image.digest();
        try (RegistryImageSource src = client().open(ImageReference.parse(byDigest))) {
            assertThat(src.manifestDigest()).hasToString(image.digest());
        }
        assertThat(ref).isNotEmpty();
    }

    @Test
    void missingTagIsReportedAsNotFoundNamingTheRepository() throws IOException {
        RegistryClient c = client();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.open(ImageReference.parse(registry.host() + "/nope/img:v9")))
                .isInstanceOf(io.bootc4j.oci.BlobNotFoundException.class)
                .hasMessageContaining(registry.host() + "/nope/img").hasMessageContaining("v9");
    }

    private static ImageSourceOptions insecure() {
        return ImageSourceOptions.builder().tlsVerify(false).authFile(Path.of("/nonexistent/auth.json")).build();
    }

    @Test
    void imageCopyFromDockerTransportToOciLayoutKeepsDigestAndSkopeoReadsIt() throws IOException {
        OciImage image = OciImages.builder(work.resolve("layout")).layer(tree(work, "cp1", 30_000)).layer(tree(work, "cp2", 100))
                .build("v1");
        String ref = push(image, "copy/os:v1");
        Path out = work.resolve("out");
        try (ImageSource src = ImageSources.open("docker://" + ref, insecure());
             ImageDestination dst = ImageDestinations.open("oci:" + out + ":pulled")) {
            CopyResult r = ImageCopy.copy(src, dst, CopyOptions.defaults());
            assertThat(r.manifest().digest()).hasToString(image.digest());
        }
        for (OciImage.Layer l : image.layers()) {
            assertThat(Files.readAllBytes(out.resolve("blobs/sha256/" + l.digest().substring(7))))
                    .isEqualTo(Files.readAllBytes(image.blob(l.digest())));
        }
        ProcessResult inspect = skopeo.inspect("oci:" + out + ":pulled", "--raw").assertSuccess();
        assertThat(Digest.sha256(inspect.stdout().getBytes(StandardCharsets.UTF_8))).hasToString(image.digest());
        skopeo.copy("oci:" + out + ":pulled", "dir:" + work.resolve("skopeo-dir")).assertSuccess();
    }

    @Test
    void imageCopyWithArm64OverridePicksTheArm64Instance() throws IOException {
        Path layout = work.resolve("multi2");
        OciImage amd = OciImages.builder(layout).layer(tree(work, "amd2", 100)).platform("linux", "amd64").build(null);
        OciImage arm = OciImages.builder(layout).layer(tree(work, "arm2", 100)).platform("linux", "arm64").build(null);
        OciImage index = OciImages.index(layout, "m", java.util.List.of(amd, arm));
        String ref = push(index, "copy/multi:m", "--all");
        Path out = work.resolve("out-arm");
        try (ImageSource src = ImageSources.open("docker://" + ref, insecure());
             ImageDestination dst = ImageDestinations.open("oci:" + out + ":arm")) {
            CopyOptions opts = CopyOptions.builder().platform(PlatformMatcher.withOverrides(Optional.empty(),
                    Optional.of("arm64"), Optional.empty())).build();
            assertThat(ImageCopy.copy(src, dst, opts).manifest().digest()).hasToString(arm.digest());
        }
        skopeo.inspect("oci:" + out + ":arm", "--raw").assertSuccess();
    }

    @Test
    void prefetchDownloadsLayersInParallelIntoTheCacheWithProgress() throws IOException {
        OciImages.Builder b = OciImages.builder(work.resolve("layout"));
        for (int i = 0; i < 6; i++) {
            b.layer(tree(work, "pf" + i, 40_000));
        }
        OciImage image = b.build("many");
        String ref = push(image, "prefetch/os:many");
        io.bootc4j.oci.cache.BlobCache cache = io.bootc4j.oci.cache.BlobCache.open(work.resolve("cache"));
        java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        io.bootc4j.oci.ProgressListener progress = new io.bootc4j.oci.ProgressListener() {
            @Override
            public void bytesFetched(Descriptor blob, long n) {
                bytes.addAndGet(n);
                threads.add(Thread.currentThread().getName() + "@" + Thread.currentThread().getId());
            }

            @Override
            public void blobDone(Descriptor blob) {
                done.incrementAndGet();
            }
        };
        Manifest m;
        try (RegistryImageSource plain = client().open(ImageReference.parse(ref))) {
            m = Manifest.parse(plain.manifest(Optional.empty()));
        }
        RegistryClient c = RegistryClient.builder().insecureRegistry(registry.host()).blobCache(cache).maxConcurrentLayers(3).build();
        try (RegistryImageSource src = c.open(ImageReference.parse(ref))) {
            // manifest() is not called on this source, so there is no read-ahead: prefetch does all the work
            src.prefetch(m.layers(), progress);
            assertThat(done).hasValue(6);
            assertThat(bytes.get()).isEqualTo(m.layers().stream().mapToLong(Descriptor::size).sum());
            assertThat(threads).as("one worker per allowed layer").hasSize(3);
            for (Descriptor d : m.layers()) {
                assertThat(cache.find(d.digest())).isPresent();
            }
            assertBlobsMatch(src, m, image);
        }
    }

    @Test
    void withABlobCacheImageCopyGetsLayersFetchedAheadInParallel() throws IOException {
        OciImages.Builder b = OciImages.builder(work.resolve("layout"));
        for (int i = 0; i < 5; i++) {
            b.layer(tree(work, "ra" + i, 30_000));
        }
        OciImage image = b.build("ra");
        String ref = push(image, "readahead/os:ra");
        java.util.Set<String> blobThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        RegistryClient c = RegistryClient.builder().insecureRegistry(registry.host())
                .blobCache(io.bootc4j.oci.cache.BlobCache.open(work.resolve("cache"))).maxConcurrentLayers(3)
                .addInterceptor(chain -> {
                    if (chain.request().uri().getPath().contains("/blobs/")) {
                        blobThreads.add(Thread.currentThread().getName() + "#" + Thread.currentThread().getId());
                    }
                    return chain.proceed(chain.request());
                }).build();
        Path out = work.resolve("out-ra");
        try (RegistryImageSource src = c.open(ImageReference.parse(ref));
             ImageDestination dst = ImageDestinations.open("oci:" + out + ":ra")) {
            assertThat(ImageCopy.copy(src, dst, CopyOptions.defaults()).manifest().digest()).hasToString(image.digest());
        }
        assertThat(blobThreads).hasSize(3).allMatch(t -> t.startsWith("bootc4j-read-ahead-"));
        skopeo.inspect("oci:" + out + ":ra", "--raw").assertSuccess();
    }
}
