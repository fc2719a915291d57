package io.bootc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.oci.Digest;
import io.bootc4j.ostree.NativeDigestProvider;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class NativeWarmupTest {

    @Test
    void ostreeCommandsPreloadTheObjectStoreBindings() {
        assertThat(NativeWarmup.workFor(new String[] {"ostree", "--repo=r", "checkout", "-H", "ref", "out"})).isNotNull();
        assertThat(NativeWarmup.workFor(new String[] {"--verbose", "ostree", "fsck"})).isNotNull();
    }

    @Test
    void imageCommandsLoadWhatTheyUse() {
        assertThat(NativeWarmup.workFor(new String[] {"image", "copy", "oci:a", "oci:b"})).isNotNull();
        assertThat(NativeWarmup.workFor(new String[] {"image", "--verbose", "copy", "oci:a", "oci:b"})).isNotNull();
        assertThat(NativeWarmup.workFor(new String[] {"image", "inspect", "oci:a"})).isNotNull();
        assertThat(NativeWarmup.workFor(new String[] {"image", "help"})).isNull();
        assertThat(NativeWarmup.workFor(new String[] {"image"})).isNull();
    }

    @Test
    void otherCommandsHelpAndOperandsAfterDoubleDashStartNothing() {
        assertThat(NativeWarmup.workFor(new String[] {"boot", "entries", "list"})).isNull();
        assertThat(NativeWarmup.workFor(new String[] {"--help"})).isNull();
        assertThat(NativeWarmup.workFor(new String[] {"--", "ostree"})).isNull();
        assertThat(NativeWarmup.workFor(new String[0])).isNull();
    }

    @Test
    void awaitingWhenNothingWasStartedReturnsAtOnce() {
        long t0 = System.nanoTime();
        NativeWarmup.await();
        assertThat(System.nanoTime() - t0).isLessThan(1_000_000_000L);
    }

    @Test
    void onlyARegistryOperandStartsTheHttpWarmup() {
        assertThat(NativeWarmup.namesRegistry(new String[] {"image", "copy", "docker://r/a:1", "oci:b"})).isTrue();
        assertThat(NativeWarmup.namesRegistry(new String[] {"image", "inspect", "--raw", "docker://r/a:1"})).isTrue();
        assertThat(NativeWarmup.namesRegistry(new String[] {"image", "copy", "oci:a", "dir:b"})).isFalse();
        assertThat(NativeWarmup.namesRegistry(new String[] {"image", "copy", "--", "docker://r/a:1"})).isFalse();
    }

    @Test
    void theHttpWarmupCompletesOneExchangeOverLoopback() {
        long t0 = System.nanoTime();
        assertThat(HttpWarmup.run()).isTrue();
        assertThat(HttpWarmup.run()).as("a second exchange in the same process").isTrue();
        assertThat(System.nanoTime() - t0).isLessThan(10_000_000_000L);
    }

    @Test
    void awaitingAnImageCopyLeavesBlobDigestsOnLibcryptoWhenPresent() throws Exception {
        NativeWarmup.start(new String[] {"image", "copy", "oci:a", "oci:b"});
        NativeWarmup.await();
        String expected = NativeDigestProvider.available() ? NativeDigestProvider.NAME
                : MessageDigest.getInstance("SHA-256").getProvider().getName();
        assertThat(Digest.newMessageDigest("sha256").getProvider().getName()).isEqualTo(expected);
    }
}
