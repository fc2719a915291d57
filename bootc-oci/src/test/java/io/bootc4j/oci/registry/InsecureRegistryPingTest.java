package io.bootc4j.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.oci.Digest;
import io.bootc4j.oci.MediaType;
import io.bootc4j.oci.OciException;
import io.bootc4j.oci.registry.internal.TlsProbe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTPS-then-HTTP ping of insecure registries with its cheap {@link TlsProbe} in front: a
 * plain-HTTP registry is reached over HTTP, a TLS registry still over HTTPS, and servers that close
 * at once or never answer are treated as a failed handshake would be.
 */
class InsecureRegistryPingTest {

    private static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\","
            + "\"config\":{\"mediaType\":\"" + MediaType.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(new byte[0]) + "\",\"size\":0},"
            + "\"layers\":[]}";

    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    private <T extends AutoCloseable> T started(T server) {
        servers.add(server);
        return server;
    }

    /** The TLS ping timeout is generous: the first handshake of a JVM on a busy machine is slow. */
    private static RegistryClient insecureClient(String host) throws IOException {
        return RegistryClient.builder().insecureRegistry(host).sleeper(d -> { }).timeout(Duration.ofSeconds(10))
                .insecureTlsPingTimeout(Duration.ofSeconds(10)).build();
    }

    private static void serveManifest(FakeRegistry registry) {
        registry.on("/v2/a/b/manifests/t", ex -> FakeRegistry.respond(ex, 200, MediaType.OCI_MANIFEST, MANIFEST.getBytes()));
    }

    @Test
    void plainHttpRegistryIsToldApartWithoutAHandshakeAndPulledOverHttp() throws IOException {
        FakeRegistry http = started(new FakeRegistry());
        serveManifest(http);
        assertThat(TlsProbe.notTls(http.host(), Duration.ofSeconds(5))).hasValueSatisfying(why ->
                assertThat(why).doesNotContain("within"));
        var m = insecureClient(http.host()).manifest(new PullSource(http.host(), "a/b", true, false), "t");
        assertThat(m.digest()).isEqualTo(Digest.sha256(MANIFEST.getBytes()));
        assertThat(http.requestsTo("/v2/")).hasSize(1);
    }

    @Test
    void tlsRegistryMarkedInsecureIsStillPingedAndPulledOverHttps() throws IOException {
        FakeRegistry https = started(FakeRegistry.https());
        serveManifest(https);
        assertThat(TlsProbe.notTls(https.host(), Duration.ofSeconds(5))).isEmpty();
        // the server speaks only TLS: any answer at all proves the client used HTTPS
        var m = insecureClient(https.host()).manifest(new PullSource(https.host(), "a/b", true, false), "t");
        assertThat(m.digest()).isEqualTo(Digest.sha256(MANIFEST.getBytes()));
        assertThat(https.requestsTo("/v2/")).hasSize(1);
    }

    @Test
    void tlsRegistryNotMarkedInsecureIsNotProbedButVerified() throws IOException {
        FakeRegistry https = started(FakeRegistry.https());
        serveManifest(https);
        RegistryClient strict = RegistryClient.builder().sleeper(d -> { }).timeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> strict.manifest(new PullSource(https.host(), "a/b", false, false), "t"))
                .isInstanceOf(OciException.class).hasMessageContaining("ping https://" + https.host())
                .hasMessageContaining("TLS");
    }

    @Test
    void serverThatClosesAtOnceIsNotTlsAndTheErrorNamesBothAttempts() throws IOException {
        Silent closing = started(new Silent(true));
        assertThat(TlsProbe.notTls(closing.host(), Duration.ofSeconds(5)))
                .hasValueSatisfying(why -> assertThat(why).contains("connection closed"));
        assertThatThrownBy(() -> insecureClient(closing.host()).manifest(new PullSource(closing.host(), "a/b", true, false), "t"))
                .isInstanceOf(OciException.class).hasMessageContaining("registry " + closing.host())
                .hasMessageContaining("over HTTPS (https://" + closing.host() + "/v2/: connection closed")
                .hasMessageContaining("and HTTP (");
    }

    @Test
    void serverThatSaysNothingIsGivenUpOnAtThePingTimeout() throws IOException {
        Silent silent = started(new Silent(false));
        long start = System.nanoTime();
        Optional<String> why = TlsProbe.notTls(silent.host(), Duration.ofMillis(300));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(why).hasValue("no answer to a TLS ClientHello within 300 ms");
        assertThat(millis).isBetween(250L, 3_000L);
    }

    @Test
    void refusedConnectionIsNotTls() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThat(TlsProbe.notTls("127.0.0.1:" + port, Duration.ofSeconds(2))).isPresent();
    }

    /** Accepts connections and either closes them at once or reads and never answers. */
    private static final class Silent implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> held = new ArrayList<>();

        Silent(boolean closeAtOnce) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket c = socket.accept();
                        if (closeAtOnce) {
                            c.close();
                        } else {
                            synchronized (held) {
                                held.add(c);
                            }
                            InputStream in = c.getInputStream();
                            Thread drain = new Thread(() -> {
                                try {
                                    in.transferTo(OutputStream.nullOutputStream());
                                } catch (IOException e) {
                                    // closed by the test
                                }
                            });
                            drain.setDaemon(true);
                            drain.start();
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-server");
            t.setDaemon(true);
            t.start();
        }

        String host() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }
}
