package io.bootc4j.oci.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlyWritebackTest {

    @TempDir
    Path dir;

    @Test
    void aStreamSpanningSeveralFlushStepsIsStoredWhole() throws IOException {
        byte[] data = new byte[(int) (2 * EarlyWriteback.STEP + 12345)];
        new Random(7).nextBytes(data);

        AtomicFiles.Written w = AtomicFiles.writeStream(dir, new ByteArrayInputStream(data),
                d -> dir.resolve(d.hex()), n -> { });

        assertThat(w.size()).isEqualTo(data.length);
        assertThat(w.digest()).isEqualTo(Digest.sha256(data));
        assertThat(Files.readAllBytes(dir.resolve(w.digest().hex()))).isEqualTo(data);
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(dir.resolve(w.digest().hex())); // no temp file left behind
        }
    }

    @Test
    void aFlushThatFailedInTheBackgroundIsReportedByFinish() throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ch.write(ByteBuffer.wrap(new byte[4096]));
        ch.close(); // the background force will find the channel closed
        EarlyWriteback wb = new EarlyWriteback(ch);

        wb.wrote(EarlyWriteback.STEP);

        assertThatThrownBy(wb::finish).isInstanceOf(ClosedChannelException.class);
        wb.finish(); // reported once; nothing is left in flight
    }

    @Test
    void abandoningAfterAFailedWriteKeepsThatFailureAndAddsTheFlushFailure() throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ch.close();
        EarlyWriteback wb = new EarlyWriteback(ch);
        wb.wrote(EarlyWriteback.STEP);
        IOException writeFailure = new IOException("disk full");

        wb.abandon(writeFailure);

        assertThat(writeFailure.getSuppressed()).singleElement().isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void fewerBytesThanAStepStartNoFlush() throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ch.close(); // a flush would fail: none may be started
        EarlyWriteback wb = new EarlyWriteback(ch);

        wb.wrote(EarlyWriteback.STEP - 1);

        wb.finish();
    }
}
