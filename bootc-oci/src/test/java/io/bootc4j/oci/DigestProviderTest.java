package io.bootc4j.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DigestProviderTest {

    @AfterEach
    void backToTheProviderList() {
        Digest.useSha256Provider(null);
    }

    @Test
    void sha256ComesFromTheGivenProviderAndHashesTheSame() throws Exception {
        Provider p = new Sha256FromSun();
        byte[] data = "bootc4j".getBytes(StandardCharsets.UTF_8);
        Digest fromList = Digest.sha256(data);

        Digest.useSha256Provider(p);

        assertThat(Digest.newMessageDigest(Digest.SHA256).getProvider()).isSameAs(p);
        assertThat(Digest.sha256(data)).isEqualTo(fromList);
        DigestingInputStream in = DigestingInputStream.hashing(new java.io.ByteArrayInputStream(data), Digest.SHA256);
        assertThat(in.readAllBytes()).isEqualTo(data);
        assertThat(in.digest()).contains(fromList);
    }

    @Test
    void sha512AndTheDefaultStayWithTheProviderList() {
        Provider p = new Sha256FromSun();
        Digest.useSha256Provider(p);
        assertThat(Digest.newMessageDigest(Digest.SHA512).getProvider()).isNotSameAs(p);

        Digest.useSha256Provider(null);
        assertThat(Digest.newMessageDigest(Digest.SHA256).getProvider()).isNotSameAs(p);
    }

    @Test
    void aProviderWithoutSha256FailsNamingIt() {
        Digest.useSha256Provider(new Provider("empty-test", "1", "offers nothing") {
            private static final long serialVersionUID = 1L;
        });

        assertThatThrownBy(() -> Digest.newMessageDigest(Digest.SHA256))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("provider empty-test lacks SHA-256");
    }

    /** A provider whose SHA-256 is the JDK's SUN implementation, so only its identity differs. */
    private static final class Sha256FromSun extends Provider {
        private static final long serialVersionUID = 1L;

        Sha256FromSun() {
            super("sha256-from-sun-test", "1", "SHA-256 by the SUN provider, under another name");
            putService(new Service(this, "MessageDigest", "SHA-256", "unused", List.of(), Map.of()) {
                @Override
                public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
                    try {
                        return MessageDigest.getInstance("SHA-256", "SUN");
                    } catch (java.security.NoSuchProviderException e) {
                        throw new NoSuchAlgorithmException(e);
                    }
                }
            });
        }
    }
}
