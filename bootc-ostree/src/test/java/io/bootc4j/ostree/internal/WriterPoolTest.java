package io.bootc4j.ostree.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.ostree.Checksum;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool's budget: never exceeded, and a submitter that waited always goes on. */
class WriterPoolTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theCostInFlightNeverExceedsTheBudgetAndEveryTaskRunsWhateverItsCost() throws IOException {
        int capacity = 16;
        java.util.concurrent.atomic.AtomicLong finished = new java.util.concurrent.atomic.AtomicLong();
        long submitted = 0;
        long most = 0;
        AtomicInteger ran = new AtomicInteger();
        List<Future<Checksum>> futures = new ArrayList<>();
        try (WriterPool pool = new WriterPool(3, capacity)) {
            for (int i = 0; i < 2000; i++) {
                // mostly single files, now and then one costing more than half, or all, of the budget
                int cost = i % 97 == 0 ? capacity : i % 31 == 0 ? 11 : 1;
                futures.add(pool.submit(cost, "task " + i, () -> {
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000); // slower than the submitter
                    ran.incrementAndGet();
                    finished.addAndGet(cost);
                    return null;
                }));
                submitted += cost;
                most = Math.max(most, submitted - finished.get()); // at most what the pool counts
            }
            for (Future<Checksum> f : futures) {
                WriterPool.await(f);
            }
            pool.drain();
        }
        assertThat(ran).hasValue(2000);
        assertThat(most).isBetween((long) capacity / 2, (long) capacity);
    }

    @Test
    void aFailedTaskReportsItsOwnExceptionAndFreesItsShare() throws IOException {
        try (WriterPool pool = new WriterPool(2, 2)) {
            Future<Checksum> bad = pool.submit(2, "bad", () -> {
                throw new IOException("disk on fire");
            });
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> WriterPool.await(bad))
                    .isInstanceOf(IOException.class).hasMessage("disk on fire");
            assertThat(WriterPool.await(pool.submit(2, "next", () -> Checksum.sha256(new byte[0]))))
                    .isEqualTo(Checksum.sha256(new byte[0]));
        }
    }
}
