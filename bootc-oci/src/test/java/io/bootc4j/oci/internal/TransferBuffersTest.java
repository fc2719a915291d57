package io.bootc4j.oci.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransferBuffersTest {

    @Test
    void aGivenBackBufferIsReusedByTheNextLoopOnTheSameThread() {
        byte[] first = TransferBuffers.take();
        TransferBuffers.give(first);
        assertThat(TransferBuffers.take()).isSameAs(first).hasSize(TransferBuffers.SIZE);
    }

    @Test
    void nestedLoopsNeverShareABuffer() {
        byte[] outer = TransferBuffers.take();
        byte[] inner = TransferBuffers.take();
        assertThat(inner).isNotSameAs(outer);
        TransferBuffers.give(inner);
        TransferBuffers.give(outer);
    }

    @Test
    void otherThreadsGetTheirOwnBuffer() throws InterruptedException {
        byte[] mine = TransferBuffers.take();
        TransferBuffers.give(mine);
        byte[][] theirs = new byte[1][];
        Thread t = new Thread(() -> theirs[0] = TransferBuffers.take());
        t.start();
        t.join();
        assertThat(theirs[0]).isNotSameAs(mine);
    }
}
