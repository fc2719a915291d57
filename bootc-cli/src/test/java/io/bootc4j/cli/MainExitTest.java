package io.bootc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MainExitTest {

    @Test
    void theSelectorThreadOfAnIdleHttpClientEndsWhenStopped() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/");
            assertThat(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(204);
            assertThat(selectorThreads()).isNotEmpty();

            Main.stopIdleSelectors();

            // stopIdleSelectors waits 50 ms per thread; allow a loaded machine more before judging
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!selectorThreads().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(selectorThreads()).isEmpty();
        } finally {
            server.stop(0);
        }
    }

    private static List<String> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("HttpClient-") && n.endsWith("-SelectorManager"))
                .collect(Collectors.toList());
    }
}
