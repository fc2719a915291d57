package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.testing.Interop;
import io.bootc4j.testing.ProcessResult;
import io.bootc4j.testing.Processes;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.MessageDigestSpi;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JDK's TLS stack with {@link NativeDigestProvider} first in the provider list: it hashes the
 * handshake transcript with SHA-256 digests that it clones and resets, signs and verifies with
 * SHA-256, and derives keys with HMAC-SHA-256 over them. A handshake between two JDK endpoints in
 * this process shows the stack runs on the provider; since both ends would share any error, the
 * proof that the digests are right is a handshake with an independent peer, OpenSSL's
 * {@code curl} and {@code openssl s_server}.
 */
class NativeDigestProviderTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private static final String COUNTING = "bootc4j-test-counting";

    /** Protocol, server key, and a suite whose transcript hash and PRF are SHA-256. */
    private static final String CASES = """
            TLSv1.3, EC,  TLS_AES_128_GCM_SHA256
            TLSv1.3, RSA, TLS_AES_128_GCM_SHA256
            TLSv1.2, EC,  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
            TLSv1.2, RSA, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
            """;

    @TempDir
    static Path dir;

    @BeforeAll
    static void generateSelfSignedServerKeys() {
        for (String alg : List.of("EC", "RSA")) {
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Processes.run(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", alg,
                    "-keysize", alg.equals("EC") ? "256" : "2048", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1",
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", dir.resolve(alg + ".p12").toString(),
                    "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)),
                    null, Map.of(), Duration.ofMinutes(1)).assertSuccess();
        }
    }

    @AfterEach
    void restoreTheProviderList() {
        Security.removeProvider(COUNTING);
        Security.removeProvider(NativeDigestProvider.NAME);
    }

    @ParameterizedTest(name = "{0} with an {1} key and {2}")
    @CsvSource(textBlock = CASES)
    void aLoopbackHandshakeSucceedsWithTheProviderFirst(String protocol, String keyAlg, String suite) throws Exception {
        assertThat(NativeDigestProvider.installFirst()).isTrue();
        assertThat(MessageDigest.getInstance("SHA-256").getProvider()).isInstanceOf(NativeDigestProvider.class);
        assertThat(handshake(protocol, keyAlg, suite)).isEqualTo(protocol + " " + suite);

        // again, with every SHA-256 the TLS stack takes counted on its way to the native provider
        Counts counts = new Counts();
        Security.insertProviderAt(new CountingProvider(counts), 1);
        assertThat(handshake(protocol, keyAlg, suite)).isEqualTo(protocol + " " + suite);
        assertThat(counts.created.get()).as("SHA-256 digests created").isPositive();
        assertThat(counts.digested.get()).as("SHA-256 digests finished").isPositive();
        if (protocol.equals("TLSv1.3")) {
            assertThat(counts.cloned.get()).as("TLS 1.3 transcript hashes cloned").isPositive();
        }
    }

    @ParameterizedTest(name = "{0} with an {1} key and {2}")
    @CsvSource(textBlock = CASES)
    @Interop({"curl"})
    void curlCompletesAHandshakeWithAJdkServerUsingTheProvider(String protocol, String keyAlg, String suite) throws Exception {
        assertThat(NativeDigestProvider.installFirst()).isTrue();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (SSLServerSocket listener = (SSLServerSocket) serverContext(keyAlg).getServerSocketFactory().createServerSocket(0, 1, loopback)) {
            configure(listener, protocol, suite);
            Future<String> served = pool.submit(() -> serve(listener));
            String flag = protocol.equals("TLSv1.3") ? "1.3" : "1.2";
            ProcessResult curl = Processes.run(List.of("curl", "-sS", "--tlsv" + flag, "--tls-max", flag,
                    "--cacert", exportCertificate(keyAlg).toString(), "https://127.0.0.1:" + listener.getLocalPort() + "/"),
                    null, Map.of(), Duration.ofSeconds(30)).assertSuccess();
            assertThat(curl.stdout()).isEqualTo("hello over " + protocol + " " + suite + "\n");
            assertThat(served.get(20, TimeUnit.SECONDS)).startsWith("GET / HTTP/1.1");
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0} with an {1} key and {2}")
    @CsvSource(textBlock = CASES)
    @Interop({"openssl"})
    void aJdkClientUsingTheProviderCompletesAHandshakeWithOpensslSServer(String protocol, String keyAlg, String suite)
            throws Exception {
        Path pem = dir.resolve(keyAlg + "-" + protocol + ".pem");
        Processes.run(List.of("openssl", "pkcs12", "-in", dir.resolve(keyAlg + ".p12").toString(), "-passin",
                "pass:" + new String(PASSWORD), "-nodes", "-out", pem.toString())).assertSuccess();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        Process server = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-cert", pem.toString(),
                "-naccept", "1", "-www", protocol.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2")
                .redirectErrorStream(true).redirectOutput(dir.resolve(keyAlg + "-" + protocol + ".log").toFile()).start();
        try {
            assertThat(NativeDigestProvider.installFirst()).isTrue();
            SSLContext client = clientContext(keyAlg);
            try (SSLSocket s = connectWhenListening(client, port, server)) {
                configure(s, protocol, suite);
                s.startHandshake();
                s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                assertThat(status).startsWith("HTTP/1.0 200");
                assertThat(s.getSession().getProtocol() + " " + s.getSession().getCipherSuite()).isEqualTo(protocol + " " + suite);
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** One client and one server in this process over loopback; returns what the client saw: protocol and suite. */
    private static String handshake(String protocol, String keyAlg, String suite) throws Exception {
        SSLContext client = clientContext(keyAlg);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (SSLServerSocket listener = (SSLServerSocket) serverContext(keyAlg).getServerSocketFactory().createServerSocket(0, 1, loopback)) {
            configure(listener, protocol, suite);
            Future<String> served = pool.submit(() -> serve(listener));
            String seen;
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(loopback, listener.getLocalPort())) {
                configure(s, protocol, suite);
                s.startHandshake();
                s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("HTTP/1.0 200 OK");
                assertThat(in.readLine()).startsWith("Content-Length: ");
                assertThat(in.readLine()).isEmpty();
                assertThat(in.readLine()).isEqualTo("hello over " + protocol + " " + suite);
                seen = s.getSession().getProtocol() + " " + s.getSession().getCipherSuite();
            } // closed before waiting for the server: its TLS 1.3 close waits for the client's close_notify
            assertThat(served.get(20, TimeUnit.SECONDS)).isEqualTo("GET / HTTP/1.0");
            return seen;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Accepts one connection, reads an HTTP request head, answers "hello over PROTOCOL SUITE"; returns the request line. */
    private static String serve(SSLServerSocket listener) throws Exception {
        try (SSLSocket s = (SSLSocket) listener.accept()) {
            s.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            String request = in.readLine();
            for (String line = request; line != null && !line.isEmpty(); line = in.readLine()) {
                // skip the headers
            }
            String body = "hello over " + s.getSession().getProtocol() + " " + s.getSession().getCipherSuite() + "\n";
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.0 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return request;
        }
    }

    private static KeyStore serverKeys(String keyAlg) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(keyAlg + ".p12"))) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }

    private static SSLContext serverContext(String keyAlg) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(serverKeys(keyAlg), PASSWORD);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        return server;
    }

    /** A client context trusting exactly the server's self-signed certificate. */
    private static SSLContext clientContext(String keyAlg) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", serverKeys(keyAlg).getCertificate("server"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        return client;
    }

    private static void configure(SSLServerSocket listener, String protocol, String suite) throws Exception {
        listener.setEnabledProtocols(new String[] {protocol});
        listener.setEnabledCipherSuites(new String[] {suite});
        listener.setSoTimeout(20_000);
    }

    private static void configure(SSLSocket s, String protocol, String suite) throws Exception {
        s.setSoTimeout(20_000);
        s.setEnabledProtocols(new String[] {protocol});
        s.setEnabledCipherSuites(new String[] {suite});
        SSLParameters params = s.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS"); // checks the certificate's IP SAN
        s.setSSLParameters(params);
    }

    /** The server's certificate as PEM, for curl's --cacert. */
    private static Path exportCertificate(String keyAlg) throws Exception {
        Path pem = dir.resolve(keyAlg + ".crt");
        if (!Files.exists(pem)) {
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(serverKeys(keyAlg).getCertificate("server").getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
        }
        return pem;
    }

    /** Connects to openssl s_server once it listens (it takes a moment to start), for up to 20 seconds. */
    private static SSLSocket connectWhenListening(SSLContext client, int port, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port);
            } catch (ConnectException e) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("openssl s_server did not listen on port " + port, e);
                }
                Thread.sleep(50);
            }
        }
    }

    /** What the TLS stack did with its SHA-256 digests. */
    private static final class Counts {
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger cloned = new AtomicInteger();
        final AtomicInteger digested = new AtomicInteger();
    }

    /** Offers SHA-256 by wrapping the native provider's digests and counting what is done with them. */
    private static final class CountingProvider extends Provider {
        private static final long serialVersionUID = 1L;

        CountingProvider(Counts counts) {
            super(COUNTING, "1", "counts SHA-256 digests taken from " + NativeDigestProvider.NAME);
            putService(new Service(this, "MessageDigest", "SHA-256", CountingSpi.class.getName(), List.of("SHA256"), null) {
                @Override
                public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
                    MessageDigest inner = MessageDigest.getInstance("SHA-256", Security.getProvider(NativeDigestProvider.NAME));
                    counts.created.incrementAndGet();
                    return new CountingSpi(inner, counts);
                }
            });
        }
    }

    private static final class CountingSpi extends MessageDigestSpi implements Cloneable {
        private final MessageDigest inner;
        private final Counts counts;

        CountingSpi(MessageDigest inner, Counts counts) {
            this.inner = inner;
            this.counts = counts;
        }

        @Override
        protected int engineGetDigestLength() {
            return inner.getDigestLength();
        }

        @Override
        protected void engineUpdate(byte input) {
            inner.update(input);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            inner.update(input, offset, len);
        }

        @Override
        protected void engineUpdate(ByteBuffer input) {
            inner.update(input);
        }

        @Override
        protected byte[] engineDigest() {
            counts.digested.incrementAndGet();
            return inner.digest();
        }

        @Override
        protected void engineReset() {
            inner.reset();
        }

        @Override
        public Object clone() throws CloneNotSupportedException {
            counts.cloned.incrementAndGet();
            return new CountingSpi((MessageDigest) inner.clone(), counts);
        }
    }
}
