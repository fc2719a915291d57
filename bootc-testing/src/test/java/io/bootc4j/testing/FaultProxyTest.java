package io.bootc4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {

    private static final int BIG = 100_000;

    private HttpServer target;
    private final AtomicInteger targetRequests = new AtomicInteger();
    private FaultProxy proxy;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startTarget() throws IOException {
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/big", ex -> {
            targetRequests.incrementAndGet();
            byte[] body = new byte[BIG];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) i;
            }
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        target.createContext("/small", ex -> {
            targetRequests.incrementAndGet();
            byte[] body = "from target".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        target.start();
        proxy = FaultProxy.start("127.0.0.1", target.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        proxy.close();
        target.stop(0);
    }

    @Test
    void passThroughForwardsBodiesUnchanged() throws Exception {
        HttpResponse<byte[]> response = get("/big");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(BIG);
        assertThat(response.body()[BIG - 1]).isEqualTo((byte) (BIG - 1));
        assertThat(proxy.connections()).isEqualTo(1);
        assertThat(proxy.host()).isEqualTo("127.0.0.1:" + proxy.port());
    }

    @Test
    void resetAfterCutsTheFirstResponseOnlyAtTheGivenByteCount() throws Exception {
        proxy.resetAfter(1000);
        byte[] received = new byte[2 * BIG];
        int n;
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            n = readUntilFailure(s.getInputStream(), received);
        }
        assertThat(n).isEqualTo(1000);
        assertThat(proxy.resets()).isEqualTo(1);

        assertThat(get("/big").body()).hasSize(BIG);
        assertThat(proxy.resets()).isEqualTo(1);
    }

    @Test
    void resetAfterBelowWhatAKeptAliveConnectionAlreadySentResetsTheNextResponseAtOnce() throws Exception {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            s.getOutputStream().write("GET /small HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] first = new byte[4096];
            assertThat(in.read(first)).isPositive();
            proxy.resetAfter(10);
            s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            long more = 0;
            try {
                int n;
                while ((n = in.read(first)) > 0) {
                    more += n;
                }
            } catch (java.net.SocketException reset) {
                // the expected RST
            }
            assertThat(more).isLessThan(BIG);
        }
        assertThat(proxy.resets()).isEqualTo(1);
    }

    @Test
    void resetEveryConnectionAfterFailsEveryAttemptUntilPassThrough() throws Exception {
        proxy.resetEveryConnectionAfter(500);
        assertThatThrownBy(() -> get("/big")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get("/big")).isInstanceOf(IOException.class);
        assertThat(proxy.resets()).isEqualTo(2);

        proxy.passThrough();
        assertThat(get("/big").body()).hasSize(BIG);
    }

    @Test
    void delayFirstByteHoldsBackEachResponse() throws Exception {
        proxy.delayFirstByte(Duration.ofMillis(400));
        long start = System.nanoTime();
        get("/small");
        get("/small");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
    }

    @Test
    void delayEachChunkSlowsALargeBody() throws Exception {
        proxy.delayEachChunk(Duration.ofMillis(20));
        long start = System.nanoTime();
        assertThat(get("/big").body()).hasSize(BIG);
        // 100 000 bytes travel in at least 13 chunks of at most 8 KiB.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(13 * 20));
    }

    @Test
    void respondOnceAnswersTheNextRequestWithTheCannedStatusThenForwardsAgain() throws Exception {
        assertThat(get("/small").statusCode()).isEqualTo(200);
        proxy.respondOnce(429, Map.of("Retry-After", "7"), "slow down");

        HttpResponse<byte[]> canned = get("/small");
        assertThat(canned.statusCode()).isEqualTo(429);
        assertThat(canned.headers().firstValue("Retry-After")).contains("7");
        assertThat(new String(canned.body(), StandardCharsets.UTF_8)).isEqualTo("slow down");

        HttpResponse<byte[]> after = get("/small");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(new String(after.body(), StandardCharsets.UTF_8)).isEqualTo("from target");
        assertThat(targetRequests).hasValue(2);
        assertThat(proxy.cannedResponses()).isEqualTo(1);
    }

    @Test
    void respondAnswersSeveralRequestsAndCountsConnections() throws Exception {
        proxy.respond(2, 503, Map.of(), "down");
        assertThat(get("/small").statusCode()).isEqualTo(503);
        assertThat(get("/small").statusCode()).isEqualTo(503);
        assertThat(get("/small").statusCode()).isEqualTo(200);
        // Each canned answer closes its connection, so the client had to open three.
        assertThat(proxy.connections()).isEqualTo(3);
        assertThat(targetRequests).hasValue(1);
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThatThrownBy(() -> proxy.resetAfter(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> proxy.respondOnce(42, Map.of(), "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("42");
        assertThatThrownBy(() -> FaultProxy.start("127.0.0.1", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(proxy.url() + path)).timeout(Duration.ofSeconds(10))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int readUntilFailure(InputStream in, byte[] buf) {
        int total = 0;
        try {
            int n;
            while ((n = in.read(buf, total, buf.length - total)) > 0) {
                total += n;
            }
        } catch (IOException reset) {
            // Connection reset: what the fault is for.
        }
        return total;
    }
}
