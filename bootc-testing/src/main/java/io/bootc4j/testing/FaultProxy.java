package io.bootc4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a free loopback port that forwards to {@code host:port} and injects faults,
 * switchable at runtime from the test thread:
 *
 * <ul>
 *   <li>{@link #resetAfter(long)} / {@link #resetEveryConnectionAfter(long)}: forward that many
 *       bytes from upstream, then abort the client connection with a TCP RST;
 *   <li>{@link #delayFirstByte(Duration)} / {@link #delayEachChunk(Duration)}: hold back the
 *       first byte of every response, or every chunk (at most 8 KiB) of upstream data;
 *   <li>{@link #respondOnce(int, Map, String)}: answer the next HTTP request itself with a canned
 *       response ({@code Connection: close}) instead of forwarding it;
 *   <li>{@link #passThrough()}: no faults (the initial state).
 * </ul>
 *
 * <p>A new request is recognised when the client sends data after the upstream has sent some,
 * which holds for HTTP/1.1 clients that do not pipeline (Go's, the JDK's) unless they use
 * {@code Expect: 100-continue}. Thread-safe. {@link #close} closes every connection.
 */
public final class FaultProxy implements AutoCloseable {

    private static final int CHUNK = 8192;

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger cannedAnswers = new AtomicInteger();

    private final AtomicLong resetAfter = new AtomicLong(-1);
    private volatile boolean resetRepeatedly;
    private volatile Duration firstByteDelay = Duration.ZERO;
    private volatile Duration chunkDelay = Duration.ZERO;
    private final AtomicInteger cannedRemaining = new AtomicInteger();
    private volatile byte[] canned = new byte[0];

    private FaultProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback", e);
        }
        threads.execute(this::acceptLoop);
    }

    /** Starts a proxy forwarding to {@code targetHost:targetPort}, in pass-through mode. */
    public static FaultProxy start(String targetHost, int targetPort) {
        Objects.requireNonNull(targetHost, "targetHost");
        if (targetPort <= 0 || targetPort > 65535) {
            throw new IllegalArgumentException("target port " + targetPort + ": not in 1..65535");
        }
        return new FaultProxy(targetHost, targetPort);
    }

    /** Starts a proxy in front of {@code registry}. */
    public static FaultProxy inFrontOf(RegistryServer registry) {
        return start("127.0.0.1", registry.port());
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + port();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://" + host();
    }

    /** Clears every fault: bytes flow unchanged and undelayed. */
    public FaultProxy passThrough() {
        resetAfter.set(-1);
        resetRepeatedly = false;
        firstByteDelay = Duration.ZERO;
        chunkDelay = Duration.ZERO;
        cannedRemaining.set(0);
        return this;
    }

    /** The first connection whose upstream data exceeds {@code bytes} is reset after exactly {@code bytes}. */
    public FaultProxy resetAfter(long bytes) {
        return reset(bytes, false);
    }

    /** Every connection is reset once its upstream data would exceed {@code bytes}, until {@link #passThrough()}. */
    public FaultProxy resetEveryConnectionAfter(long bytes) {
        return reset(bytes, true);
    }

    private FaultProxy reset(long bytes, boolean repeatedly) {
        if (bytes < 0) {
            throw new IllegalArgumentException("reset after " + bytes + " bytes: must be >= 0");
        }
        resetRepeatedly = repeatedly;
        resetAfter.set(bytes);
        return this;
    }

    /** Delays the first upstream byte after each client request by {@code delay}. */
    public FaultProxy delayFirstByte(Duration delay) {
        firstByteDelay = Objects.requireNonNull(delay, "delay");
        return this;
    }

    /** Delays every upstream chunk (at most 8 KiB) by {@code delay}. */
    public FaultProxy delayEachChunk(Duration delay) {
        chunkDelay = Objects.requireNonNull(delay, "delay");
        return this;
    }

    /** Answers the next request with {@code status}, {@code headers} and {@code body} instead of forwarding it. */
    public FaultProxy respondOnce(int status, Map<String, String> headers, String body) {
        return respond(1, status, headers, body);
    }

    /** Answers the next {@code times} requests with the canned response. */
    public FaultProxy respond(int times, int status, Map<String, String> headers, String body) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("HTTP status " + status + ": not a three-digit code");
        }
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("Content-Type", "text/plain; charset=utf-8");
        all.put("Content-Length", Integer.toString(bodyBytes.length));
        all.put("Connection", "close");
        StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Canned\r\n");
        all.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] response = new byte[headBytes.length + bodyBytes.length];
        System.arraycopy(headBytes, 0, response, 0, headBytes.length);
        System.arraycopy(bodyBytes, 0, response, headBytes.length, bodyBytes.length);
        canned = response;
        cannedRemaining.set(times);
        return this;
    }

    /** Client connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Connections reset by a reset fault so far. */
    public int resets() {
        return resets.get();
    }

    /** Requests answered with the canned response so far. */
    public int cannedResponses() {
        return cannedAnswers.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = new Socket();
        open.add(upstream);
        Turn turn = new Turn();
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(new InetSocketAddress(targetHost, targetPort), 5000);
            threads.execute(() -> pumpDown(upstream, client, turn));
            pumpUp(client, upstream, turn);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    /** Which side spoke last; a client read after an upstream write starts a new request. */
    private static final class Turn {
        volatile boolean upstreamSpoke = true;
        volatile boolean awaitingFirstByte;
        /** Set when the proxy answers the client itself; the upstream side then leaves the client alone. */
        volatile boolean hijacked;
        final AtomicInteger directionsDone = new AtomicInteger();
    }

    private void pumpUp(Socket client, Socket upstream, Turn turn) throws IOException {
        byte[] buf = new byte[CHUNK];
        InputStream in = client.getInputStream();
        OutputStream out = upstream.getOutputStream();
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (turn.upstreamSpoke) {
                turn.upstreamSpoke = false;
                turn.awaitingFirstByte = true;
                if (claim(cannedRemaining)) {
                    turn.hijacked = true;
                    answerCanned(client, upstream);
                    return;
                }
            }
            out.write(buf, 0, n);
            out.flush();
        }
        upstream.shutdownOutput();
        finishDirection(turn, client, upstream);
    }

    private void finishDirection(Turn turn, Socket client, Socket upstream) {
        if (turn.directionsDone.incrementAndGet() == 2) {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private void answerCanned(Socket client, Socket upstream) throws IOException {
        cannedAnswers.incrementAndGet();
        closeQuietly(upstream);
        OutputStream out = client.getOutputStream();
        out.write(canned);
        out.flush();
        client.shutdownOutput();
        // Drain what the client still sends (a request body) so that closing does not turn into an RST.
        client.setSoTimeout(2000);
        try {
            client.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // Timed out or reset by the client: the response has been written either way.
        }
        closeQuietly(client);
    }

    private void pumpDown(Socket upstream, Socket client, Turn turn) {
        byte[] buf = new byte[CHUNK];
        long sent = 0;
        try {
            InputStream in = upstream.getInputStream();
            OutputStream out = client.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (turn.awaitingFirstByte) {
                    turn.awaitingFirstByte = false;
                    sleep(firstByteDelay);
                }
                turn.upstreamSpoke = true;
                sleep(chunkDelay);
                long limit = resetAfter.get();
                if (limit >= 0 && sent + n > limit) {
                    if (resetRepeatedly || resetAfter.compareAndSet(limit, -1)) {
                        // The limit counts this connection's bytes; one set after a kept-alive
                        // connection already passed it resets at once.
                        out.write(buf, 0, (int) Math.max(0, limit - sent));
                        out.flush();
                        resets.incrementAndGet();
                        client.setSoLinger(true, 0);
                        closeQuietly(client);
                        closeQuietly(upstream);
                        return;
                    }
                }
                out.write(buf, 0, n);
                out.flush();
                sent += n;
            }
            if (!turn.hijacked) {
                client.shutdownOutput();
                finishDirection(turn, client, upstream);
            }
        } catch (IOException e) {
            if (!turn.hijacked) {
                closeQuietly(client);
            }
            closeQuietly(upstream);
        }
    }

    private static boolean claim(AtomicInteger remaining) {
        while (true) {
            int r = remaining.get();
            if (r <= 0) {
                return false;
            }
            if (remaining.compareAndSet(r, r - 1)) {
                return true;
            }
        }
    }

    private static void sleep(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // Closing a socket that is already broken.
        }
    }

    /** Stops accepting and closes every open connection. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "FaultProxy[" + host() + " -> " + targetHost + ":" + targetPort + "]";
    }
}
