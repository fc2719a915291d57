package io.bootc4j.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.testing.OciImage;
import io.bootc4j.testing.OciImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCopyTest {

    @TempDir
    Path tmp;
    OciImage amd;
    OciImage arm;
    OciImage index;

    @BeforeEach
    void images() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.writeString(rootfs.resolve("f"), "x\n");
        Path layout = tmp.resolve("layout");
        amd = OciImages.builder(layout).layer(rootfs).platform("linux", "amd64").build("amd");
        Files.writeString(rootfs.resolve("g"), "y\n");
        arm = OciImages.builder(layout).layer(rootfs).platform("linux", "arm64").build("arm");
        index = OciImages.index(layout, "multi", List.of(amd, arm));
    }

    static CopyResult copy(String from, String to, CopyOptions options) throws Exception {
        try (ImageSource src = ImageSources.open(from); ImageDestination dst = ImageDestinations.open(to)) {
            return ImageCopy.copy(src, dst, options);
        }
    }

    @Test
    void ociToDirToOciKeepsTheManifestBytes() throws Exception {
        copy(amd.reference(), "dir:" + tmp.resolve("d"), CopyOptions.defaults());
        CopyResult r = copy("dir:" + tmp.resolve("d"), "oci:" + tmp.resolve("o") + ":t", CopyOptions.defaults());
        assertThat(r.digest()).hasToString(amd.digest());
        assertThat(Files.readAllBytes(tmp.resolve("o/blobs/sha256/" + Digest.parse(amd.digest()).hex())))
                .isEqualTo(Files.readAllBytes(amd.blob(amd.digest())));
    }

    @Test
    void blobsAlreadyAtTheDestinationAreSkippedAndProgressIsReported() throws Exception {
        Path out = tmp.resolve("o");
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicLong bytes = new AtomicLong();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void blobStarted(Descriptor blob) {
                events.add("start " + blob.digest());
            }

            @Override
            public void blobSkipped(Descriptor blob) {
                events.add("skip " + blob.digest());
            }

            @Override
            public void bytesFetched(Descriptor blob, long n) {
                bytes.addAndGet(n);
            }
        };
        CopyResult first = copy(amd.reference(), "oci:" + out + ":a", CopyOptions.builder().progress(listener).build());
        assertThat(first.blobsCopied()).isEqualTo(2);
        assertThat(bytes.get()).isEqualTo(first.bytesCopied()).isPositive();
        events.clear();
        CopyResult second = copy(amd.reference(), "oci:" + out + ":b", CopyOptions.builder().progress(listener).build());
        assertThat(second.blobsSkipped()).isEqualTo(2);
        assertThat(events).allMatch(e -> e.startsWith("skip "));
        try (ImageSource src = ImageSources.open("oci:" + out + ":a")) {
            assertThat(src.manifest(Optional.empty()).digest()).hasToString(amd.digest());
        }
    }

    @Test
    void anIndexCopiesTheMatchingInstanceOrEverything() throws Exception {
        CopyResult picked = copy(index.reference(), "oci:" + tmp.resolve("p") + ":x", CopyOptions.builder()
                .platform(PlatformMatcher.of(Platform.of("linux", "arm64"))).build());
        assertThat(picked.digest()).hasToString(arm.digest());
        CopyResult all = copy(index.reference(), "oci:" + tmp.resolve("all") + ":x", CopyOptions.builder().allInstances(true).build());
        assertThat(all.digest()).hasToString(index.digest());
        assertThat(all.blobsCopied()).isEqualTo(4);
        try (ImageSource src = ImageSources.open("oci:" + tmp.resolve("all") + ":x")) {
            assertThat(src.manifest(Optional.of(Digest.parse(arm.digest()))).digest()).hasToString(arm.digest());
        }
    }

    @Test
    void noMatchingPlatformNamesWantedAndAvailable() {
        assertThatThrownBy(() -> copy(index.reference(), "oci:" + tmp.resolve("n") + ":x", CopyOptions.builder()
                .platform(PlatformMatcher.of(Platform.of("linux", "s390x"))).build()))
                .isInstanceOf(OciException.class)
                .hasMessageContaining("for platform linux/s390x; available: [linux/amd64, linux/arm64]");
        assertThat(tmp.resolve("n/index.json")).doesNotExist();
    }

    @Test
    void tagsInTheDestinationLayoutAreReplacedAndOthersKept() throws Exception {
        Path out = tmp.resolve("o");
        copy(amd.reference(), "oci:" + out + ":t", CopyOptions.defaults());
        copy(arm.reference(), "oci:" + out + ":other", CopyOptions.defaults());
        copy(arm.reference(), "oci:" + out + ":t", CopyOptions.defaults());
        ImageIndex idx = ImageIndex.parse(ManifestBytes.of(Files.readAllBytes(out.resolve("index.json")), MediaType.OCI_INDEX));
        assertThat(idx.manifests()).hasSize(2);
        assertThat(idx.byRefName("t")).singleElement().extracting(d -> d.digest().toString()).isEqualTo(arm.digest());
    }
}
