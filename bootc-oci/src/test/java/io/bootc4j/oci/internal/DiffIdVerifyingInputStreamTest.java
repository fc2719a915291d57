package io.bootc4j.oci.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.bootc4j.oci.CorruptLayerException;
import io.bootc4j.oci.DiffIdMismatchException;
import io.bootc4j.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class DiffIdVerifyingInputStreamTest {

    private static final Digest LAYER = Digest.parse("sha256:" + "11".repeat(32));

    @Test
    void theBlobPassesThroughUnchangedAndAMatchingDiffIdReadsToTheEnd() throws Exception {
        byte[] tar = random(2_500_000);
        byte[] gz = gzip(tar);
        try (InputStream in = new DiffIdVerifyingInputStream(new ByteArrayInputStream(gz), "src", LAYER, Digest.sha256(tar))) {
            assertThat(in.readAllBytes()).isEqualTo(gz);
            assertThat(in.read()).isEqualTo(-1);
        }
        assertNoVerifierThread();
    }

    @Test
    void aDifferentDiffIdFailsTheReadThatReachesTheEnd() throws Exception {
        byte[] tar = random(100_000);
        Digest wrong = Digest.sha256(new byte[1]);
        try (InputStream in = new DiffIdVerifyingInputStream(new ByteArrayInputStream(tar), "src", LAYER, wrong)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(DiffIdMismatchException.class)
                    .hasMessage("src: layer " + LAYER + ": diff_id mismatch: the image config lists " + wrong
                            + ", the uncompressed layer hashes to " + Digest.sha256(tar));
        }
        assertNoVerifierThread();
    }

    @Test
    void aLayerThatStopsDecompressingFailsTheReaderWithoutWaitingForTheEndOfTheBlob() throws Exception {
        InputStream endless = new InputStream() {
            private long n;

            @Override
            public int read() {
                long i = n++;
                return i == 0 ? 0x1f : i == 1 ? 0x8b : 'x';
            }
        };
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (InputStream in = new DiffIdVerifyingInputStream(endless, "src", LAYER, LAYER)) {
                byte[] buf = new byte[8192];
                assertThatThrownBy(() -> {
                    while (in.read(buf, 0, buf.length) >= 0) {
                        // the hashing thread fails on the bad gzip header; the reader must notice
                    }
                }).isInstanceOf(CorruptLayerException.class).hasMessageContaining(LAYER.toString());
            }
        });
        assertNoVerifierThread();
    }

    @Test
    void closingBeforeTheEndStopsTheHashingThread() throws Exception {
        byte[] gz = gzip(random(4_000_000));
        try (InputStream in = new DiffIdVerifyingInputStream(new ByteArrayInputStream(gz), "src", LAYER, LAYER)) {
            assertThat(in.readNBytes(600_000)).hasSize(600_000);
        }
        assertNoVerifierThread();
    }

    private static void assertNoVerifierThread() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("bootc4j-diffid-")) {
                t.join(5_000);
                assertThat(t.isAlive()).as("thread %s", t.getName()).isFalse();
            }
        }
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
