package io.bootc4j.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.testing.Gpg;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OciImage;
import io.bootc4j.testing.OciImages;
import io.bootc4j.testing.Skopeo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Simple-signing signatures made by skopeo survive our dir: copies byte for byte and still verify in skopeo. */
@Interop({"skopeo", "gpg"})
class SignedDirInteropTest {

    static final String IDENTITY = "registry.example.com/os:v1";

    @TempDir
    Path tmp;

    @Test
    void skopeoSignaturesAreReadCopiedAndStillAcceptedBySkopeo() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.writeString(rootfs.resolve("f"), "signed\n");
        OciImage image = OciImages.builder(tmp.resolve("layout")).layer(rootfs).build("v1");
        try (Gpg gpg = Gpg.create()) {
            String fpr = gpg.generateKey("Signer", "signer@example.com");
            Skopeo skopeo = new Skopeo().withEnv(gpg.env());
            Path signed = tmp.resolve("signed");
            skopeo.copy(image.reference(), "dir:" + signed, "--sign-by", fpr, "--sign-identity", IDENTITY).assertSuccess();
            byte[] original = Files.readAllBytes(signed.resolve("signature-1"));

            Path copy = tmp.resolve("copy");
            try (ImageSource src = ImageSources.open("dir:" + signed);
                    ImageDestination dst = ImageDestinations.open("dir:" + copy)) {
                List<SignatureBlob> sigs = src.signatures(Optional.empty());
                assertThat(sigs).singleElement().satisfies(s -> {
                    assertThat(s.kind()).isEqualTo(SignatureBlob.Kind.SIMPLE_SIGNING);
                    assertThat(s.bytes()).isEqualTo(original);
                });
                ImageCopy.copy(src, dst, CopyOptions.defaults());
            }
            assertThat(Files.readAllBytes(copy.resolve("signature-1"))).isEqualTo(original);

            Path unsigned = tmp.resolve("unsigned");
            try (ImageSource src = ImageSources.open("dir:" + signed);
                    ImageDestination dst = ImageDestinations.open("dir:" + unsigned)) {
                ImageCopy.copy(src, dst, CopyOptions.builder().removeSignatures(true).build());
            }
            assertThat(unsigned.resolve("signature-1")).doesNotExist();

            Path key = Files.write(tmp.resolve("key.gpg"), gpg.exportPublicKey(fpr));
            Path policy = Files.writeString(tmp.resolve("policy.json"), """
                    {"default":[{"type":"reject"}],
                     "transports":{"dir":{"":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"%s",
                        "signedIdentity":{"type":"exactReference","dockerReference":"%s"}}]}}}""".formatted(key, IDENTITY));
            Skopeo strict = new Skopeo().withEnv(gpg.env()).withPolicy(policy);
            var accepted = strict.copy("dir:" + copy, "dir:" + tmp.resolve("verified"));
            assertThat(accepted.exitCode()).as(accepted.stderr()).isZero();
            var rejected = strict.copy("dir:" + unsigned, "dir:" + tmp.resolve("rejected"));
            assertThat(rejected.exitCode()).isNotZero();
            assertThat(rejected.stderr()).contains("signature");
        }
    }
}
