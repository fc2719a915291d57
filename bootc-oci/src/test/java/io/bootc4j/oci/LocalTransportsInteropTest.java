package io.bootc4j.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OciImage;
import io.bootc4j.testing.OciImages;
import io.bootc4j.testing.Skopeo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our local transports against layouts and archives written by the real skopeo, and the other way round. */
@Interop({"skopeo"})
class LocalTransportsInteropTest {

    @TempDir
    Path tmp;

    final Skopeo skopeo = new Skopeo();
    OciImage image;

    @BeforeEach
    void buildImage() throws IOException {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/usr/bin"));
        Files.writeString(rootfs.resolve("hello"), "#!/bin/sh\necho hello\n");
        Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(tmp.resolve("rootfs/etc/os-release"), "ID=test\n");
        image = OciImages.builder(tmp.resolve("layout")).layer(tmp.resolve("rootfs"))
                .label("org.example.label", "x").env("PATH=/usr/bin").build("v1");
    }

    /** Reads every blob of the top-level image to EOF (which verifies digest and size). */
    static Manifest readAll(ImageSource src) throws IOException {
        Manifest m = Manifest.parse(src.manifest(Optional.empty()));
        for (Descriptor d : concat(m)) {
            try (InputStream in = src.openBlob(d)) {
                assertThat(in.transferTo(java.io.OutputStream.nullOutputStream())).isEqualTo(d.size());
            }
        }
        return m;
    }

    static List<Descriptor> concat(Manifest m) {
        List<Descriptor> all = new java.util.ArrayList<>(m.layers());
        all.add(0, m.config());
        return all;
    }

    @Test
    void ociLayoutBuiltByTheTestFixtureReadsWithTheSameDigest() throws Exception {
        try (ImageSource src = ImageSources.open(image.reference())) {
            assertThat(readAll(src).digest()).hasToString(image.digest());
            assertThat(src.signatures(Optional.empty())).isEmpty();
        }
    }

    @Test
    void skopeoDirOutputReadsWithIdenticalManifestAndBlobs() throws Exception {
        Path dir = tmp.resolve("dir");
        skopeo.copy(image.reference(), "dir:" + dir).assertSuccess();
        try (ImageSource src = ImageSources.open("dir:" + dir)) {
            assertThat(readAll(src).digest()).hasToString(image.digest());
        }
    }

    @Test
    void skopeoOciArchiveReadsWithIdenticalManifestAndBlobs() throws Exception {
        Path archive = tmp.resolve("img.tar");
        skopeo.copy(image.reference(), "oci-archive:" + archive + ":v1").assertSuccess();
        try (ImageSource src = ImageSources.open("oci-archive:" + archive + ":v1")) {
            assertThat(readAll(src).digest()).hasToString(image.digest());
        }
        try (ImageSource src = ImageSources.open("oci-archive:" + archive)) {
            assertThat(src.manifest(Optional.empty()).digest()).hasToString(image.digest());
        }
    }

    @Test
    void skopeoDockerArchiveReadsAsTheSameGeneratedSchema2ManifestSkopeoSees() throws Exception {
        Path archive = tmp.resolve("docker.tar");
        skopeo.copy(image.reference(), "docker-archive:" + archive + ":example.com/test/img:v1").assertSuccess();
        String skopeoRaw = skopeo.inspect("docker-archive:" + archive, "--raw").assertSuccess().stdout().strip();
        try (ImageSource src = ImageSources.open("docker-archive:" + archive)) {
            Manifest m = readAll(src);
            assertThat(m.isDocker()).isTrue();
            assertThat(m.bytes().text()).isEqualTo(skopeoRaw);
            assertThat(src.dockerReference()).contains(ImageReference.parse("example.com/test/img:v1"));
        }
        try (ImageSource src = ImageSources.open("docker-archive:" + archive + ":example.com/test/img:v1")) {
            assertThat(src.manifest(Optional.empty()).text()).isEqualTo(skopeoRaw);
        }
        assertThatThrownBy(() -> ImageSources.open("docker-archive:" + archive + ":example.com/other:v1"))
                .isInstanceOf(BlobNotFoundException.class).hasMessageContaining("example.com/other:v1");
    }

    @Test
    void ourOciCopyIsReadBackBySkopeoWithTheSameDigest() throws Exception {
        Path out = tmp.resolve("copy");
        CopyResult r;
        try (ImageSource src = ImageSources.open(image.reference());
                ImageDestination dst = ImageDestinations.open("oci:" + out + ":t")) {
            r = ImageCopy.copy(src, dst, CopyOptions.defaults());
        }
        assertThat(r.digest()).hasToString(image.digest());
        assertThat(r.blobsCopied()).isEqualTo(2);
        String raw = skopeo.inspect("oci:" + out + ":t", "--raw").assertSuccess().stdout();
        assertThat(Digest.sha256(raw.strip().getBytes(StandardCharsets.UTF_8)).toString()).isEqualTo(image.digest());
        skopeo.copy("oci:" + out + ":t", "dir:" + tmp.resolve("back")).assertSuccess();
        assertThat(Files.readAllBytes(tmp.resolve("back/manifest.json"))).isEqualTo(Files.readAllBytes(image.blob(image.digest())));
    }

    @Test
    void ourDirCopyIsReadBySkopeo() throws Exception {
        Path out = tmp.resolve("dirout");
        try (ImageSource src = ImageSources.open(image.reference());
                ImageDestination dst = ImageDestinations.open("dir:" + out)) {
            ImageCopy.copy(src, dst, CopyOptions.defaults());
        }
        assertThat(Files.readString(out.resolve("version"))).isEqualTo("Directory Transport Version: 1.1\n");
        String digest = skopeo.inspect("dir:" + out, "--format", "{{.Digest}}").assertSuccess().stdout().strip();
        assertThat(digest).isEqualTo(image.digest());
        skopeo.copy("dir:" + out, "oci:" + tmp.resolve("fromdir") + ":x").assertSuccess();
    }

    @Test
    void overrideArchPicksTheArm64InstanceOfAnIndex() throws Exception {
        Path layout = tmp.resolve("multi");
        OciImage amd = OciImages.builder(layout).layer(tmp.resolve("rootfs")).platform("linux", "amd64").build(null);
        Files.writeString(tmp.resolve("rootfs/arch"), "arm64\n");
        OciImage arm = OciImages.builder(layout).layer(tmp.resolve("rootfs")).platform("linux", "arm64")
                .compression(OciImages.Compression.ZSTD).build(null);
        OciImage index = OciImages.index(layout, "multi", List.of(amd, arm));
        Path out = tmp.resolve("picked");
        try (ImageSource src = ImageSources.open(index.reference());
                ImageDestination dst = ImageDestinations.open("oci:" + out + ":arm")) {
            CopyResult r = ImageCopy.copy(src, dst, CopyOptions.builder()
                    .platform(PlatformMatcher.withOverrides(Optional.empty(), Optional.of("arm64"), Optional.empty())).build());
            assertThat(r.digest()).hasToString(arm.digest());
        }
        String skopeoArch = skopeo.inspect("oci:" + out + ":arm", "--format", "{{.Architecture}}").assertSuccess().stdout().strip();
        assertThat(skopeoArch).isEqualTo("arm64");
        Path all = tmp.resolve("all");
        try (ImageSource src = ImageSources.open(index.reference());
                ImageDestination dst = ImageDestinations.open("dir:" + all)) {
            CopyResult r = ImageCopy.copy(src, dst, CopyOptions.builder().allInstances(true).build());
            assertThat(r.digest()).hasToString(index.digest());
        }
        assertThat(all.resolve(Digest.parse(arm.digest()).hex() + ".manifest.json")).exists();
        skopeo.copy("dir:" + all, "oci:" + tmp.resolve("allback") + ":m", "--all").assertSuccess();
    }

    @Test
    void zstdLayersWrittenBySkopeoCopyThrough() throws Exception {
        Path z = tmp.resolve("zstd");
        skopeo.copy(image.reference(), "oci:" + z + ":z", "--dest-compress-format", "zstd").assertSuccess();
        try (ImageSource src = ImageSources.open("oci:" + z + ":z")) {
            Manifest m = readAll(src);
            assertThat(m.layers()).allSatisfy(l -> assertThat(l.mediaType()).isEqualTo(MediaType.OCI_LAYER_ZSTD));
        }
    }
}
