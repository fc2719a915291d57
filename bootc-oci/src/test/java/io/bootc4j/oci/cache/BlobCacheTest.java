package io.bootc4j.oci.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.oci.BlobSizeMismatchException;
import io.bootc4j.oci.Descriptor;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.DigestMismatchException;
import io.bootc4j.oci.MediaType;
import io.bootc4j.oci.ProgressListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobCacheTest {

    @TempDir
    Path dir;

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static Descriptor descriptor(byte[] b) {
        return Descriptor.of(MediaType.OCI_LAYER_GZIP, b);
    }

    private List<Path> visibleFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.startsWith(dir.resolve("locks"))).toList();
        }
    }

    @AfterEach
    void noTemporaryFileIsLeft() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("tmp"))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void storesAVerifiedBlobAtItsContentAddress() throws IOException {
        BlobCache cache = BlobCache.open(dir);
        byte[] b = data(100_000);
        Path p = cache.get(descriptor(b), () -> new ByteArrayInputStream(b), ProgressListener.NONE);
        assertThat(p).isEqualTo(dir.resolve("blobs/sha256/" + Digest.sha256(b).hex()));
        assertThat(Files.readAllBytes(p)).isEqualTo(b);
        assertThat(cache.find(Digest.sha256(b))).contains(p);
    }

    @Test
    void presentBlobIsNotFetchedAgain() throws IOException {
        BlobCache cache = BlobCache.open(dir);
        byte[] b = data(10);
        cache.get(descriptor(b), () -> new ByteArrayInputStream(b), ProgressListener.NONE);
        AtomicInteger skipped = new AtomicInteger();
        cache.get(descriptor(b), () -> {
            throw new AssertionError("fetched twice");
        }, new ProgressListener() {
            @Override
            public void blobSkipped(Descriptor blob) {
                skipped.incrementAndGet();
            }
        });
        assertThat(skipped).hasValue(1);
    }

    @Test
    void wrongBytesAreRejectedAndNothingBecomesVisible() throws IOException {
        BlobCache cache = BlobCache.open(dir);
        byte[] b = data(5000);
        byte[] evil = data(5000);
        evil[0] ^= 1;
        assertThatThrownBy(() -> cache.get(descriptor(b), () -> new ByteArrayInputStream(evil), ProgressListener.NONE))
                .isInstanceOf(DigestMismatchException.class);
        assertThat(visibleFiles()).isEmpty();
    }

    @Test
    void truncatedOrOverlongStreamIsRejected() throws IOException {
        BlobCache cache = BlobCache.open(dir);
        byte[] b = data(5000);
        assertThatThrownBy(() -> cache.get(descriptor(b), () -> new ByteArrayInputStream(b, 0, 4000), ProgressListener.NONE))
                .isInstanceOf(BlobSizeMismatchException.class);
        byte[] longer = new byte[6000];
        System.arraycopy(b, 0, longer, 0, b.length);
        assertThatThrownBy(() -> cache.get(descriptor(b), () -> new ByteArrayInputStream(longer), ProgressListener.NONE))
                .isInstanceOf(BlobSizeMismatchException.class);
        assertThat(visibleFiles()).isEmpty();
    }

    @Test
    void failingFetchLeavesNoTornBlob() throws IOException {
        BlobCache cache = BlobCache.open(dir);
        byte[] b = data(300_000);
        assertThatThrownBy(() -> cache.get(descriptor(b), () -> new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ > 150_000) {
                    throw new IOException("connection reset");
                }
                return b[n - 1] & 0xff;
            }
        }, ProgressListener.NONE)).hasMessageContaining("connection reset");
        assertThat(visibleFiles()).isEmpty();
    }

    @Test
    void concurrentRequestsForOneBlobDownloadItOnce() throws Exception {
        BlobCache cache = BlobCache.open(dir);
        byte[] b = data(1 << 20);
        AtomicInteger fetches = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        ProgressListener progress = new ProgressListener() {
            @Override
            public void bytesFetched(Descriptor blob, long n) {
                bytes.addAndGet(n);
            }
        };
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.get(descriptor(b), () -> {
                        fetches.incrementAndGet();
                        return new ByteArrayInputStream(b);
                    }, progress);
                }));
            }
            start.countDown();
            for (Future<Path> f : results) {
                assertThat(Files.readAllBytes(f.get(30, TimeUnit.SECONDS))).isEqualTo(b);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fetches).hasValue(1);
        assertThat(bytes).hasValue(b.length);
    }

    @Test
    void separateCacheHandlesOnOneDirectoryShareTheBlobs() throws IOException {
        byte[] b = data(1234);
        BlobCache.open(dir).get(descriptor(b), () -> new ByteArrayInputStream(b), ProgressListener.NONE);
        assertThat(BlobCache.open(dir).find(Digest.sha256(b))).isPresent();
    }
}
