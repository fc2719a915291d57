package io.bootc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
}
