package io.bootc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OciImage;
import io.bootc4j.testing.OciImages;
import io.bootc4j.testing.Skopeo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageCommandTest {

    @TempDir
    Path tmp;
    OciImage image;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void image() throws IOException {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("hostname"), "box\n");
        image = OciImages.builder(tmp.resolve("layout")).layer(tmp.resolve("rootfs")).label("a", "b")
                .env("PATH=/usr/bin").build("v1");
    }

    @Test
    void inspectPrintsSkopeoStyleJson() throws Exception {
        Run r = run("image", "inspect", image.reference());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("Digest").asText()).isEqualTo(image.digest());
        assertThat(j.get("Architecture").asText()).isEqualTo("amd64");
        assertThat(j.get("Os").asText()).isEqualTo("linux");
        assertThat(j.get("Labels").get("a").asText()).isEqualTo("b");
        assertThat(j.get("Env").get(0).asText()).isEqualTo("PATH=/usr/bin");
        assertThat(j.get("Layers").get(0).asText()).isEqualTo(image.layers().get(0).digest());
        assertThat(j.get("Created").asText()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(r.out()).startsWith("{\n    \"Digest\": ");
    }

    @Test
    void copyRefusesAMalformedPolicyBeforeContactingTheSource() throws Exception {
        Path policy = Files.writeString(tmp.resolve("policy.json"), "{\"default\": [], \"bogus\": 1}");
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(1);
            Run r = run("image", "copy", "--policy", policy.toString(), "--src-tls-verify=false",
                    "docker://127.0.0.1:" + listener.getLocalPort() + "/x/y:z", "oci:" + tmp.resolve("out") + ":t");
            assertThat(r.code()).isNotZero();
            assertThat(r.err()).contains("bogus").contains(policy.toString());
            assertThat(org.assertj.core.api.Assertions.catchThrowable(listener::accept))
                    .as("the source registry was contacted").isInstanceOf(java.net.SocketTimeoutException.class);
        }
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void inspectRawPrintsTheExactManifestBytes() throws Exception {
        Run r = run("image", "inspect", "--raw", image.reference());
        assertThat(r.out()).isEqualTo(Files.readString(image.blob(image.digest())));
        Run c = run("image", "inspect", "--raw", "--config", image.reference());
        assertThat(c.out()).isEqualTo(Files.readString(image.blob(image.configDigest())));
    }

    @Test
    void imageParallelCopiesOfOneCopiesEachBlobBeforeStartingTheNext() throws Exception {
        for (String name : List.of("l1", "l2", "l3")) {
            Files.writeString(Files.createDirectories(tmp.resolve(name)).resolve(name), name + "\n");
        }
        OciImage three = OciImages.builder(tmp.resolve("three")).layer(tmp.resolve("l1")).layer(tmp.resolve("l2"))
                .layer(tmp.resolve("l3")).build("v1");
        Run r = run("image", "copy", "--insecure-policy", "--image-parallel-copies", "1", three.reference(),
                "oci:" + tmp.resolve("o") + ":t");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> progress = r.out().lines().filter(l -> l.startsWith("Copying blob ")).toList();
        assertThat(progress).hasSize(8); // three layers and the config, each started then done
        for (int i = 0; i < progress.size(); i += 2) {
            String blob = progress.get(i).split(" ")[2];
            assertThat(progress.get(i)).endsWith(" started");
            assertThat(progress.get(i + 1)).isEqualTo("Copying blob " + blob + " done");
        }
    }

    @Test
    void imageParallelCopiesBelowOneIsAUsageError() {
        Run r = run("image", "copy", "--insecure-policy", "--image-parallel-copies", "0", image.reference(),
                "oci:" + tmp.resolve("o") + ":t");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--image-parallel-copies must be at least 1, got 0");
        assertThat(tmp.resolve("o")).doesNotExist();
    }

    @Test
    void copyBetweenLayoutsKeepsTheDigest() throws Exception {
        Path out = tmp.resolve("out");
        Run r = run("image", "copy", "--insecure-policy", image.reference(), "oci:" + out + ":t");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Writing manifest to image destination").endsWith(image.digest() + "\n");
        Run i = run("image", "inspect", "--raw", "oci:" + out + ":t");
        assertThat(i.out()).isEqualTo(Files.readString(image.blob(image.digest())));
    }

    @Test
    void copyWithVerifyDiffIdsRefusesALayerTheConfigDoesNotDescribeAndCopiesOneItDoes() throws Exception {
        String wrong = "sha256:" + "ab".repeat(32);
        OciImage lying = OciImages.builder(tmp.resolve("lying")).layer(tmp.resolve("rootfs")).configDiffIds(List.of(wrong))
                .build("v1");
        Run bad = run("image", "copy", "--insecure-policy", "--verify-diff-ids", lying.reference(), "oci:" + tmp.resolve("o1") + ":t");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err().lines().toList()).singleElement().asString()
                .contains("diff_id mismatch", wrong, lying.layers().get(0).diffId());
        Run unchecked = run("image", "copy", "--insecure-policy", "-q", lying.reference(), "oci:" + tmp.resolve("o2") + ":t");
        assertThat(unchecked.code()).as(unchecked.err()).isZero();
        Run good = run("image", "copy", "--insecure-policy", "--verify-diff-ids", image.reference(), "oci:" + tmp.resolve("o3") + ":t");
        assertThat(good.code()).as(good.err()).isZero();
        assertThat(good.out()).endsWith(image.digest() + "\n");
    }

    @Test
    void copyEnforcesTheGivenPolicy() throws Exception {
        Path policy = tmp.resolve("policy.json");
        Files.writeString(policy, "{\"default\":[{\"type\":\"reject\"}]}");
        Run r = run("image", "copy", "--policy", policy.toString(), image.reference(), "dir:" + tmp.resolve("d"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(tmp.resolve("d")).doesNotExist();
    }

    @Test
    void overrideArchSelectsFromAnIndex() throws Exception {
        Path layout = tmp.resolve("multi");
        OciImage amd = OciImages.builder(layout).layer(tmp.resolve("rootfs")).platform("linux", "amd64").build(null);
        OciImage arm = OciImages.builder(layout).layer(tmp.resolve("rootfs")).platform("linux", "arm64").build(null);
        OciImage index = OciImages.index(layout, "m", List.of(amd, arm));
        Run r = run("image", "copy", "-q", "--insecure-policy", "--override-arch", "arm64", index.reference(),
                "oci:" + tmp.resolve("o") + ":arm");
        assertThat(r.code()).as(r.err()).isZero();
        Run i = run("image", "inspect", "oci:" + tmp.resolve("o") + ":arm");
        assertThat(new ObjectMapper().readTree(i.out()).get("Digest").asText()).isEqualTo(arm.digest());
        Run top = run("image", "inspect", "--override-arch", "arm64", index.reference());
        assertThat(new ObjectMapper().readTree(top.out()).get("Architecture").asText()).isEqualTo("arm64");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "nope                    | invalid image name \"nope\": missing transport prefix",
        "ftp:/x                  | unknown transport \"ftp\"",
        "docker:busybox          | must start with \"docker://\"",
        "docker://Busybox        | repository name must be lowercase",
        "oci:                    | empty path",
        "oci:/x:                 | empty reference",
        "oci:/x:@a               | not a valid @INDEX",
        "docker-archive:/x:a@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 | must not contain a digest",
    })
    void badReferencesFailWithOneLineNamingTheInput(String ref, String message) {
        Run r = run("image", "inspect", ref);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines().toList()).singleElement().asString().startsWith("error: ").contains(message);
    }

    @Test
    void missingTagAndMissingLayoutFailClearly() {
        Run r = run("image", "inspect", "oci:" + image.layout() + ":nope");
        assertThat(r.err()).contains("image tagged \"nope\" not found");
        Run m = run("image", "inspect", "oci:" + tmp.resolve("none"));
        assertThat(m.err()).contains("not an OCI image layout");
    }

    @Test
    @Interop({"skopeo"})
    void skopeoReadsWhatCopyWroteToDir() throws Exception {
        Path d = tmp.resolve("dir");
        assertThat(run("image", "copy", "-q", "--insecure-policy", image.reference(), "dir:" + d).code()).isZero();
        String digest = new Skopeo().inspect("dir:" + d, "--format", "{{.Digest}}").assertSuccess().stdout().strip();
        assertThat(digest).isEqualTo(image.digest());
    }

    @Test
    @Interop({"skopeo"})
    void skopeoReadsWhatCopyWroteToAnOciLayoutAndWeReadSkopeosDockerArchive() throws Exception {
        Path out = tmp.resolve("oci-out");
        assertThat(run("image", "copy", "-q", "--insecure-policy", image.reference(), "oci:" + out + ":t").code()).isZero();
        Skopeo skopeo = new Skopeo();
        String raw = skopeo.inspect("oci:" + out + ":t", "--raw").assertSuccess().stdout();
        assertThat(raw.strip()).isEqualTo(Files.readString(image.blob(image.digest())).strip());
        skopeo.copy("oci:" + out + ":t", "dir:" + tmp.resolve("back")).assertSuccess();

        Path archive = tmp.resolve("save.tar");
        skopeo.copy(image.reference(), "docker-archive:" + archive + ":example.com/acme/os:42").assertSuccess();
        Run r = run("image", "inspect", "docker-archive:" + archive);
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("Name").asText()).isEqualTo("example.com/acme/os");
        assertThat(j.get("RepoTags").get(0).asText()).isEqualTo("42");
        String skopeoDigest = skopeo.inspect("docker-archive:" + archive, "--format", "{{.Digest}}").assertSuccess().stdout().strip();
        assertThat(j.get("Digest").asText()).isEqualTo(skopeoDigest);
    }
}
