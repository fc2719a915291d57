package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link NativeDigestProvider#installFirst()}: where it puts the provider, when, and how often. */
class NativeDigestProviderInstallTest {

    private List<String> before;

    private static List<String> providerNames() {
        return Arrays.stream(Security.getProviders()).map(Provider::getName).toList();
    }

    @BeforeEach
    void rememberTheProviderList() {
        before = providerNames();
        assertThat(before).doesNotContain(NativeDigestProvider.NAME);
    }

    @AfterEach
    void restoreTheProviderList() {
        Security.removeProvider(NativeDigestProvider.NAME);
        assertThat(providerNames()).isEqualTo(before);
    }

    @Test
    void libcryptoIsAvailableHere() {
        assertThat(NativeDigestProvider.available()).as("libcrypto.so.3 loads and passes its self-test").isTrue();
    }

    @Test
    void installFirstPutsTheProviderFirstSoPlainGetInstanceReturnsItsDigests() throws Exception {
        assertThat(NativeDigestProvider.installed()).isFalse();
        assertThat(NativeDigestProvider.installFirst()).isTrue();
        assertThat(NativeDigestProvider.installed()).isTrue();
        assertThat(Security.getProviders()[0]).isInstanceOf(NativeDigestProvider.class);
        for (String name : List.of("SHA-256", "SHA256", "2.16.840.1.101.3.4.2.1", "OID.2.16.840.1.101.3.4.2.1")) {
            assertThat(MessageDigest.getInstance(name).getProvider()).as(name).isInstanceOf(NativeDigestProvider.class);
        }
        assertThat(MessageDigest.getInstance("SHA-512").getProvider().getName())
                .as("other algorithms still come from the JDK").isEqualTo("SUN");
        List<String> after = providerNames();
        assertThat(after.subList(1, after.size())).isEqualTo(before);
    }

    @Test
    void installFirstIsIdempotent() {
        assertThat(NativeDigestProvider.installFirst()).isTrue();
        Provider first = Security.getProviders()[0];
        assertThat(NativeDigestProvider.installFirst()).isTrue();
        assertThat(NativeDigestProvider.installFirst(null)).isTrue();
        assertThat(Security.getProviders()[0]).isSameAs(first);
        assertThat(providerNames()).hasSize(before.size() + 1);
    }

    @Test
    void threadsRacingToInstallInstallOneProvider() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return NativeDigestProvider.installFirst();
                }));
            }
            start.countDown();
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(providerNames().stream().filter(NativeDigestProvider.NAME::equals)).hasSize(1);
        assertThat(Security.getProviders()[0]).isInstanceOf(NativeDigestProvider.class);
    }

    @Test
    void thePropertySetToJdkKeepsTheJdksDigest() throws Exception {
        for (String jdk : List.of("jdk", "JDK", " jdk ")) {
            assertThat(NativeDigestProvider.installFirst(jdk)).as("%s", jdk).isFalse();
            assertThat(NativeDigestProvider.installed()).isFalse();
        }
        assertThat(MessageDigest.getInstance("SHA-256").getProvider().getName()).isEqualTo("SUN");
        assertThat(NativeDigestProvider.installFirst("openssl")).as("any other value allows it").isTrue();
    }

    @Test
    void createGivesAProviderWithoutInstallingIt() throws Exception {
        NativeDigestProvider p = NativeDigestProvider.create(null).orElseThrow();

        assertThat(NativeDigestProvider.installed()).isFalse();
        MessageDigest md = MessageDigest.getInstance("SHA-256", p);
        assertThat(md.getProvider()).isSameAs(p);
        assertThat(md.digest("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo(MessageDigest.getInstance("SHA-256", "SUN").digest("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @Test
    void createGivesNothingWhenThePropertySaysJdk() {
        assertThat(NativeDigestProvider.create("jdk")).isEmpty();
        assertThat(NativeDigestProvider.create(" JDK ")).isEmpty();
        assertThat(NativeDigestProvider.create("openssl")).isPresent();
    }
}
