package io.bootc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootc4j.testing.OciImage;
import io.bootc4j.testing.OciImages;
import io.bootc4j.testing.ProcessResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdsTrainingTest {

    @TempDir
    Path tmp;
    OciImage image;

    @BeforeEach
    void image() throws IOException {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/usr/bin"));
        Files.writeString(rootfs.resolve("hello"), "hello\n");
        image = OciImages.fromDirectory(tmp.resolve("rootfs"), tmp.resolve("layout"), "latest");
    }

    @Test
    void registryPlaceholderIsReplacedWhereverItAppears() {
        String[] args = CdsTraining.withRegistry(
                new String[] {"image", "copy", "docker://{registry}/cds/image:latest", "oci:/x:{registry}"}, "127.0.0.1:80");

        assertThat(args).containsExactly("image", "copy", "docker://127.0.0.1:80/cds/image:latest", "oci:/x:127.0.0.1:80");
    }

    @Test
    void imageCopyThroughTheServedLayoutKeepsTheManifestDigest() throws IOException {
        StringWriter err = new StringWriter();
        int code;
        try (LayoutRegistry registry = LayoutRegistry.serve(image.layout(), "cds/image")) {
            code = Main.run(CdsTraining.withRegistry(new String[] {"image", "copy", "-q", "--src-tls-verify=false",
                "--insecure-policy", "docker://{registry}/cds/image:latest", "oci:" + tmp.resolve("copy") + ":latest"},
                    registry.host()), new PrintWriter(new StringWriter()), new PrintWriter(err));
        }

        assertThat(code).as(err.toString()).isZero();
        assertThat(copiedDigest()).isEqualTo(image.digest());
    }

    /**
     * What the launcher does: a JVM that lists the classes it loads runs the training, pulls the
     * image through the HttpClient and exits with the command's code.
     */
    @Test
    void trainingProcessPullsThroughHttpClientAndListsItsClasses() throws IOException {
        Path classes = tmp.resolve("classes");

        ProcessResult r = ChildJvm.run(List.of("-Xshare:auto", "-XX:DumpLoadedClassList=" + classes),
                CdsTraining.class, List.of(image.layout().toString(), "cds/image", "image", "copy", "-q",
                        "--src-tls-verify=false", "--insecure-policy", "docker://{registry}/cds/image:latest",
                        "oci:" + tmp.resolve("copy") + ":latest"));

        r.assertSuccess();
        assertThat(copiedDigest()).isEqualTo(image.digest());
        assertThat(Files.readAllLines(classes)).contains("jdk/internal/net/http/Http1Exchange",
                "jdk/internal/net/http/Http1Response", "jdk/internal/net/http/ResponseSubscribers");
    }

    @Test
    void trainingProcessExitsWithTheCommandsFailure() {
        ProcessResult r = ChildJvm.run(List.of(), CdsTraining.class, List.of(image.layout().toString(), "cds/image",
                "image", "inspect", "--tls-verify=false", "docker://{registry}/cds/image:missing"));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("missing");
    }

    private String copiedDigest() throws IOException {
        return new ObjectMapper().readTree(tmp.resolve("copy/index.json").toFile())
                .path("manifests").path(0).path("digest").asText();
    }
}
