package io.bootc4j.oci.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Tells cheaply whether a server speaks TLS at all, so that the HTTPS ping of an insecure registry
 * that only speaks plain HTTP does not pay for a real handshake (trust store, key shares, the
 * JSSE machinery: about a quarter of a short command's CPU) only to fail. It sends one hand-built
 * TLS 1.2 ClientHello record (then an empty line, see {@link #notTls}) and reads the first five
 * bytes of the answer. Every TLS server,
 * whatever it thinks of the hello, answers with a record: type 22 (handshake: a ServerHello) or 21
 * (alert), and a record version whose major byte is 3 (RFC 5246 §6.2.1, RFC 8446 §5.1). Anything
 * else, e.g. {@code HTTP/1.1 400 Bad Request}, a close without an answer, a refused connection or
 * silence until the deadline, means a real handshake would fail too.
 *
 * <p>The probe neither completes nor authenticates anything: when it says "TLS", the caller does
 * the real HTTPS request as before. Stateless and thread-safe.
 */
public final class TlsProbe {

    private static final int RECORD_HANDSHAKE = 22;
    private static final int RECORD_ALERT = 21;
    private static final int HANDSHAKE_CLIENT_HELLO = 1;
    private static final int TLS12_MAJOR = 3;
    private static final int TLS12_MINOR = 3;
    /** ECDHE-ECDSA/RSA with AES-GCM, then the RSA-kx suites: something every TLS server accepts. */
    private static final int[] CIPHER_SUITES = {0xc02b, 0xc02f, 0xc02c, 0xc030, 0x009c, 0x009d, 0x002f, 0x0035};
    private static final int EXT_SERVER_NAME = 0x0000;
    private static final int EXT_SUPPORTED_GROUPS = 0x000a;
    private static final int EXT_EC_POINT_FORMATS = 0x000b;
    private static final int EXT_SIGNATURE_ALGORITHMS = 0x000d;
    /** x25519, secp256r1, secp384r1. */
    private static final int[] GROUPS = {0x001d, 0x0017, 0x0018};
    /** ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256, ecdsa_secp384r1_sha384, rsa_pkcs1_sha384. */
    private static final int[] SIGNATURE_ALGORITHMS = {0x0403, 0x0804, 0x0401, 0x0503, 0x0501};

    private static final byte[] LINE_ENDS = {'\r', '\n', '\r', '\n'};

    private TlsProbe() {
    }

    /**
     * Probes {@code authority} ({@code host[:port]}, port 443 when absent) within {@code limit}
     * (connect and answer together).
     *
     * @return empty when the server answered like a TLS server; otherwise why it does not speak
     *     TLS, for logs and error messages
     */
    public static Optional<String> notTls(String authority, Duration limit) {
        URI u = URI.create("https://" + authority + "/");
        if (u.getHost() == null) {
            return Optional.of("cannot parse host of \"" + authority + "\"");
        }
        String host = u.getHost().startsWith("[") ? u.getHost().substring(1, u.getHost().length() - 1) : u.getHost();
        int port = u.getPort() < 0 ? 443 : u.getPort();
        long deadline = System.nanoTime() + limit.toNanos();
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), millisLeft(deadline));
            try {
                OutputStream out = s.getOutputStream();
                out.write(clientHello(host));
                // An HTTP server that reads its request line up to CRLF (the JDK's HttpServer) would
                // otherwise wait out the deadline; a TLS server answers the first record before it
                // reads on, so whatever it makes of these bytes, its first answer is still a record.
                out.write(LINE_ENDS);
                out.flush();
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                return Optional.of("connection closed while sending a TLS ClientHello (" + Endpoints.describe(e) + ")");
            }
            s.setSoTimeout(millisLeft(deadline));
            byte[] head = new byte[5];
            int n = readUpTo(s.getInputStream(), head);
            if (n == 0) {
                return Optional.of("connection closed without an answer to a TLS ClientHello");
            }
            if (n == head.length && isTlsRecordHeader(head)) {
                return Optional.empty();
            }
            return Optional.of("answered a TLS ClientHello with \"" + printable(head, n) + "\", not a TLS record");
        } catch (SocketTimeoutException e) {
            return Optional.of("no answer to a TLS ClientHello within " + limit.toMillis() + " ms");
        } catch (IOException e) {
            return Optional.of(Endpoints.describe(e));
        }
    }

    /** Whether {@code head} (5 bytes) starts a TLS handshake or alert record. */
    static boolean isTlsRecordHeader(byte[] head) {
        int type = head[0] & 0xff;
        int length = (head[3] & 0xff) << 8 | head[4] & 0xff;
        return (type == RECORD_HANDSHAKE || type == RECORD_ALERT) && (head[1] & 0xff) == TLS12_MAJOR && length > 0
                && length <= (1 << 14) + 2048;
    }

    /** One TLS record holding a ClientHello; SNI only for a DNS name (RFC 6066 §3: no IP literals). */
    static byte[] clientHello(String host) {
        boolean sni = !host.isEmpty() && !host.contains(":") && !host.matches("[0-9.]+");
        ByteBuffer ext = ByteBuffer.allocate(512);
        if (sni) {
            byte[] name = host.getBytes(StandardCharsets.US_ASCII);
            ext.putShort((short) EXT_SERVER_NAME).putShort((short) (name.length + 5)).putShort((short) (name.length + 3))
                    .put((byte) 0).putShort((short) name.length).put(name);
        }
        ext.putShort((short) EXT_SUPPORTED_GROUPS).putShort((short) (GROUPS.length * 2 + 2)).putShort((short) (GROUPS.length * 2));
        for (int g : GROUPS) {
            ext.putShort((short) g);
        }
        ext.putShort((short) EXT_EC_POINT_FORMATS).putShort((short) 2).put((byte) 1).put((byte) 0);
        ext.putShort((short) EXT_SIGNATURE_ALGORITHMS).putShort((short) (SIGNATURE_ALGORITHMS.length * 2 + 2))
                .putShort((short) (SIGNATURE_ALGORITHMS.length * 2));
        for (int a : SIGNATURE_ALGORITHMS) {
            ext.putShort((short) a);
        }
        ext.flip();

        byte[] random = new byte[32];
        ThreadLocalRandom.current().nextBytes(random);
        ByteBuffer body = ByteBuffer.allocate(1024);
        body.put((byte) TLS12_MAJOR).put((byte) TLS12_MINOR).put(random).put((byte) 0);
        body.putShort((short) (CIPHER_SUITES.length * 2));
        for (int c : CIPHER_SUITES) {
            body.putShort((short) c);
        }
        body.put((byte) 1).put((byte) 0); // compression: null only
        body.putShort((short) ext.remaining()).put(ext);
        body.flip();

        int handshakeLength = body.remaining() + 4;
        ByteBuffer record = ByteBuffer.allocate(5 + handshakeLength);
        // record version 3.1 (TLS 1.0) for the first ClientHello, as RFC 8446 §5.1 allows for compatibility
        record.put((byte) RECORD_HANDSHAKE).put((byte) TLS12_MAJOR).put((byte) 1).putShort((short) handshakeLength);
        record.put((byte) HANDSHAKE_CLIENT_HELLO).put((byte) (body.remaining() >>> 16)).putShort((short) body.remaining());
        record.put(body);
        return record.array();
    }

    private static int readUpTo(InputStream in, byte[] buf) throws IOException {
        int n = 0;
        while (n < buf.length) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    private static int millisLeft(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static String printable(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }
}
