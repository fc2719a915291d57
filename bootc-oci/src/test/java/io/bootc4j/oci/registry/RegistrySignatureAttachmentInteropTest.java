package io.bootc4j.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.oci.Digest;
import io.bootc4j.oci.ImageReference;
import io.bootc4j.oci.MediaType;
import io.bootc4j.oci.SignatureBlob;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OciImage;
import io.bootc4j.testing.OciImages;
import io.bootc4j.testing.RegistryServer;
import io.bootc4j.testing.Skopeo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sigstore attachments as cosign stores them (an OCI manifest tagged {@code sha256-HEX.sig} whose
 * layers are the payloads, signature in an annotation), pushed with skopeo and read back.
 */
@Interop({"docker-registry", "skopeo"})
class RegistrySignatureAttachmentInteropTest {

    @TempDir
    Path work;

    /** Writes an OCI layout holding a cosign-style attachment manifest, tagged {@code sig}. */
    private static void writeAttachmentLayout(Path layout, byte[] payload, Map<String, String> annotations) throws IOException {
        Files.createDirectories(layout.resolve("blobs/sha256"));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        byte[] config = "{\"architecture\":\"\",\"os\":\"\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                .concat(Digest.sha256(payload).toString()).concat("\"]}}").getBytes(StandardCharsets.UTF_8);
        StringBuilder ann = new StringBuilder();
        annotations.forEach((k, v) -> ann.append(ann.length() == 0 ? "" : ",").append('"').append(k).append("\":\"")
                .append(v).append('"'));
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaType.OCI_CONFIG + "\",\"size\":" + config.length + ",\"digest\":\"" + Digest.sha256(config) + "\"},"
                + "\"layers\":[{\"mediaType\":\"" + MediaType.COSIGN_SIMPLE_SIGNING + "\",\"size\":" + payload.length
                + ",\"digest\":\"" + Digest.sha256(payload) + "\",\"annotations\":{" + ann + "}}]}";
        byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
        for (byte[] blob : List.of(config, payload, m)) {
            Files.write(layout.resolve("blobs/sha256/" + Digest.sha256(blob).hex()), blob);
        }
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
                + MediaType.OCI_MANIFEST + "\",\"size\":" + m.length + ",\"digest\":\"" + Digest.sha256(m)
                + "\",\"annotations\":{\"org.opencontainers.image.ref.name\":\"sig\"}}]}");
    }

    @Test
    void sigstoreAttachmentLayersComeBackAsSignatureBlobsWithTheirAnnotations() throws IOException {
        try (RegistryServer registry = RegistryServer.start(RegistryServer.Auth.none())) {
            OciImage image = OciImages.fromDirectory(RegistryPullInteropTest.tree(work, "signed", 100), work.resolve("img"), "v1");
            Skopeo skopeo = new Skopeo();
            skopeo.copy(image.reference(), "docker://" + registry.host() + "/signed/os:v1", "--dest-tls-verify=false")
                    .assertSuccess();
            Digest d = Digest.parse(image.digest());
            byte[] payload = ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + registry.host() + "/signed/os\"},"
                    + "\"image\":{\"docker-manifest-digest\":\"" + d + "\"},\"type\":\"cosign container image signature\"},"
                    + "\"optional\":null}").getBytes(StandardCharsets.UTF_8);
            Map<String, String> annotations = Map.of(RegistryImageSource.COSIGN_SIGNATURE_ANNOTATION, "MEUCIQDfake==");
            writeAttachmentLayout(work.resolve("sig"), payload, annotations);
            skopeo.copy("oci:" + work.resolve("sig") + ":sig", "docker://" + registry.host() + "/signed/os:sha256-" + d.hex() + ".sig",
                    "--dest-tls-verify=false").assertSuccess();

            RegistryClient client = RegistryClient.builder().insecureRegistry(registry.host()).build();
            try (RegistryImageSource src = client.open(ImageReference.parse(registry.host() + "/signed/os:v1"))) {
                List<SignatureBlob> sigs = src.signatures(Optional.empty());
                assertThat(sigs).hasSize(1);
                assertThat(sigs.get(0).kind()).isEqualTo(SignatureBlob.Kind.SIGSTORE);
                assertThat(sigs.get(0).bytes()).isEqualTo(payload);
                assertThat(sigs.get(0).annotations()).containsEntry(RegistryImageSource.COSIGN_SIGNATURE_ANNOTATION, "MEUCIQDfake==");
                assertThat(sigs.get(0).mediaType()).isEqualTo(MediaType.COSIGN_SIMPLE_SIGNING);
                // another instance has no attachment
                assertThat(src.signatures(Optional.of(Digest.sha256(new byte[1])))).isEmpty();
            }
        }
    }
}
