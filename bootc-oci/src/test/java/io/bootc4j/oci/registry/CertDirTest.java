package io.bootc4j.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.testing.Interop;
import io.bootc4j.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --cert-dir}: CA certificates and a client key pair, as containers-certs.d(5) lays them out. */
@Interop({"openssl"})
class CertDirTest {

    @TempDir
    Path dir;

    private void selfSigned(String keyName, String certName) {
        Processes.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve(keyName).toString(), "-out", dir.resolve(certName).toString(), "-subj", "/CN=bootc4j-test",
                "-days", "1")).assertSuccess();
    }

    @Test
    void certDirWithCaAndClientPairBuildsAClient() throws IOException {
        selfSigned("ca.key", "ca.crt");
        selfSigned("client.key", "client.cert");
        Files.delete(dir.resolve("ca.key"));
        assertThat(RegistryClient.builder().certDir(dir).build()).isNotNull();
    }

    @Test
    void malformedCaCertificateIsNamed() throws IOException {
        Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> RegistryClient.builder().certDir(dir).build())
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining("ca.crt");
    }

    @Test
    void clientCertificateWithoutItsKeyIsNamed() throws IOException {
        selfSigned("other.key", "client.cert");
        assertThatThrownBy(() -> RegistryClient.builder().certDir(dir).build())
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining("client.cert").hasMessageContaining("client.key");
    }
}
