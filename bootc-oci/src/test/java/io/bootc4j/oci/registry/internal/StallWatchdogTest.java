package io.bootc4j.oci.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StallWatchdogTest {

    private final StallWatchdog watchdog = new StallWatchdog(Duration.ofMillis(100));

    @Test
    void readWaitingLongerThanTheLimitIsActedOnOnce() throws InterruptedException {
        AtomicInteger stalls = new AtomicInteger();
        try (StallWatchdog.Watch w = watchdog.watch(stalls::incrementAndGet)) {
            w.reading();
            Thread.sleep(600);
            assertThat(stalls).hasValue(1);
            assertThat(w.takeStall()).isTrue();
            assertThat(w.takeStall()).as("the mark is cleared once taken").isFalse();
        }
    }

    @Test
    void timeBetweenReadsDoesNotCount() throws InterruptedException {
        AtomicInteger stalls = new AtomicInteger();
        try (StallWatchdog.Watch w = watchdog.watch(stalls::incrementAndGet)) {
            for (int i = 0; i < 4; i++) {
                w.reading();
                Thread.sleep(20);
                w.idle();
                Thread.sleep(150);
            }
            assertThat(stalls).hasValue(0);
            assertThat(w.takeStall()).isFalse();
        }
    }

    @Test
    void watchdogThreadRunsOnlyWhileSomethingIsWatched() throws InterruptedException {
        StallWatchdog.Watch w = watchdog.watch(() -> { });
        assertThat(watchdog.running()).isTrue();
        w.close();
        Thread.sleep(300);
        assertThat(watchdog.running()).isFalse();
        watchdog.watch(() -> { }).close();
        assertThat(watchdog.running()).as("restarted on demand").isTrue();
    }

    @Test
    void nonPositiveLimitIsRefused() {
        assertThatThrownBy(() -> new StallWatchdog(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S");
    }
}
