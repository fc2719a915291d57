package io.bootc4j.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ManifestTest {

    static final String CFG = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    static final String LAYER = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    static final String OCI = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":2},
             "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":0,
                        "annotations":{"k":"v"}}],
             "annotations":{"org.opencontainers.image.version":"1"}}
            """.formatted(CFG, LAYER);

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesAnOciManifestAndKeepsItsExactBytes() throws Exception {
        ManifestBytes bytes = ManifestBytes.guess(utf8(OCI));
        assertThat(bytes.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        Manifest m = Manifest.parse(bytes);
        assertThat(m.digest()).isEqualTo(Digest.sha256(utf8(OCI)));
        assertThat(m.bytes().bytes()).isEqualTo(utf8(OCI));
        assertThat(m.config().digest()).hasToString(CFG);
        assertThat(m.layers()).singleElement().satisfies(l -> {
            assertThat(l.mediaType()).isEqualTo(MediaType.OCI_LAYER_GZIP);
            assertThat(l.annotations()).containsEntry("k", "v");
        });
        assertThat(m.annotations()).containsEntry("org.opencontainers.image.version", "1");
        assertThat(m.isDocker()).isFalse();
    }

    @Test
    void guessesDockerSchema2FromTheConfigMediaType() {
        String docker = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\","
                + "\"digest\":\"" + CFG + "\",\"size\":2},\"layers\":[]}";
        assertThat(ManifestBytes.guess(utf8(docker)).mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat(ManifestBytes.guess(utf8("{\"manifests\":[{}]}")).mediaType()).isEqualTo(MediaType.OCI_INDEX);
        assertThat(ManifestBytes.guess(utf8("{\"schemaVersion\":1}")).mediaType()).isEqualTo(MediaType.DOCKER_SCHEMA1);
        assertThat(ManifestBytes.guess(utf8("nope")).mediaType()).isEmpty();
    }

    @Test
    void rejectsMalformedJsonNamingTheManifest() {
        ManifestBytes bad = ManifestBytes.of(utf8("{\"schemaVersion\":2,"), MediaType.OCI_MANIFEST);
        assertThatThrownBy(() -> Manifest.parse(bad)).isInstanceOf(ManifestFormatException.class)
                .hasMessageStartingWith("manifest " + bad.digest() + ": malformed JSON");
    }

    @Test
    void rejectsDuplicateKeys() {
        ManifestBytes dup = ManifestBytes.of(utf8("{\"schemaVersion\":2,\"schemaVersion\":2}"), MediaType.OCI_MANIFEST);
        assertThatThrownBy(() -> Manifest.parse(dup)).isInstanceOf(ManifestFormatException.class)
                .hasMessageContaining("Duplicate field");
    }

    @Test
    void rejectsAnEmbeddedMediaTypeThatDisagrees() {
        ManifestBytes m = ManifestBytes.of(utf8(OCI), MediaType.DOCKER_MANIFEST);
        assertThatThrownBy(() -> Manifest.parse(m)).hasMessageContaining("does not match");
    }

    @Test
    void rejectsMissingLayersBadDigestsAndSchema1() {
        String noLayers = OCI.replace("\"layers\"", "\"layerz\"");
        assertThatThrownBy(() -> Manifest.parse(ManifestBytes.guess(utf8(noLayers))))
                .hasMessageContaining("missing field \"layers\"");
        String badDigest = OCI.replace(LAYER, "sha256:zz");
        assertThatThrownBy(() -> Manifest.parse(ManifestBytes.guess(utf8(badDigest))))
                .hasMessageContaining("invalid digest \"sha256:zz\"");
        String negative = OCI.replace("\"size\":0", "\"size\":-1");
        assertThatThrownBy(() -> Manifest.parse(ManifestBytes.guess(utf8(negative))))
                .hasMessageContaining("non-negative integer \"size\"");
        assertThatThrownBy(() -> Manifest.parse(ManifestBytes.of(utf8("{}"), MediaType.DOCKER_SCHEMA1_SIGNED)))
                .hasMessageContaining("schema 1");
    }

    @Test
    void parsesAnIndexWithPlatformsAndRefNames() throws Exception {
        String idx = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
                 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":2,
                  "platform":{"architecture":"arm64","os":"linux","variant":"v8"},
                  "annotations":{"org.opencontainers.image.ref.name":"v1"}},
                 {"mediaType":"application/x-unknown","digest":"%s","size":0}]}
                """.formatted(CFG, LAYER);
        ImageIndex index = ImageIndex.parse(ManifestBytes.guess(utf8(idx)));
        assertThat(index.manifests()).hasSize(2);
        assertThat(index.manifests().get(0).platform()).contains(Platform.of("linux", "arm64", "v8"));
        assertThat(index.byRefName("v1")).singleElement().extracting(Descriptor::digest).hasToString(CFG);
        assertThat(index.manifests().get(1).mediaType()).isEqualTo("application/x-unknown");
    }

    @Test
    void parsesAConfigsPlatformDiffIdsAndLabels() throws Exception {
        String cfg = """
                {"created":"2024-01-01T00:00:00Z","architecture":"amd64","os":"linux",
                 "config":{"Env":["PATH=/usr/bin"],"Labels":{"a":"b"}},
                 "rootfs":{"type":"layers","diff_ids":["%s"]}}""".formatted(LAYER);
        ImageConfig c = ImageConfig.parse(utf8(cfg));
        assertThat(c.platform()).isEqualTo(Platform.of("linux", "amd64"));
        assertThat(c.diffIds()).containsExactly(Digest.parse(LAYER));
        assertThat(c.labels()).containsEntry("a", "b");
        assertThat(c.env()).containsExactly("PATH=/usr/bin");
        assertThat(c.created()).contains("2024-01-01T00:00:00Z");
        assertThatThrownBy(() -> ImageConfig.parse(utf8("{\"os\":\"linux\",\"architecture\":\"amd64\"}")))
                .isInstanceOf(ManifestFormatException.class).hasMessageContaining("rootfs");
    }

    @Property
    void arbitraryBytesEitherParseOrFailWithTheDocumentedException(@ForAll byte[] junk) {
        ManifestBytes m = ManifestBytes.guess(junk);
        try {
            Manifest.parse(m);
        } catch (ManifestFormatException expected) {
            assertThat(expected).hasMessageStartingWith("manifest " + m.digest());
        }
    }
}
