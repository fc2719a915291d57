package io.bootc4j.oci.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bytes of the probe's ClientHello and how it reads the first five bytes of an answer. */
class TlsProbeTest {

    @Test
    void clientHelloIsOneHandshakeRecordWhoseLengthsAddUp() {
        byte[] hello = TlsProbe.clientHello("registry.example");
        ByteBuffer b = ByteBuffer.wrap(hello);
        assertThat(b.get()).isEqualTo((byte) 22);
        assertThat(b.get()).isEqualTo((byte) 3);
        assertThat(b.get()).isEqualTo((byte) 1);
        assertThat(b.getShort() & 0xffff).isEqualTo(hello.length - 5);
        assertThat(b.get()).as("handshake type client_hello").isEqualTo((byte) 1);
        int handshakeLength = (b.get() & 0xff) << 16 | b.getShort() & 0xffff;
        assertThat(handshakeLength).isEqualTo(hello.length - 9);
        assertThat(b.getShort()).as("client_version TLS 1.2").isEqualTo((short) 0x0303);
        b.position(b.position() + 32);
        assertThat(b.get()).as("empty session id").isZero();
        int suites = b.getShort() & 0xffff;
        assertThat(suites).isPositive().isEven();
        b.position(b.position() + suites);
        assertThat(b.get()).isEqualTo((byte) 1);
        assertThat(b.get()).as("null compression").isZero();
        assertThat(b.getShort() & 0xffff).as("extensions fill the rest").isEqualTo(b.remaining());
        assertThat(new String(hello, StandardCharsets.US_ASCII)).contains("registry.example");
    }

    @Test
    void clientHelloCarriesNoServerNameForAnIpLiteral() {
        assertThat(new String(TlsProbe.clientHello("127.0.0.1"), StandardCharsets.US_ASCII)).doesNotContain("127.0.0.1");
        assertThat(new String(TlsProbe.clientHello("::1"), StandardCharsets.US_ASCII)).doesNotContain("::1");
    }

    @Test
    void handshakeAndAlertRecordsAreTls() {
        assertThat(TlsProbe.isTlsRecordHeader(new byte[] {22, 3, 3, 0, 0x5d})).isTrue();
        assertThat(TlsProbe.isTlsRecordHeader(new byte[] {21, 3, 1, 0, 2})).isTrue();
    }

    @Test
    void httpAnswersAndOtherRecordsAreNotTls() {
        assertThat(TlsProbe.isTlsRecordHeader("HTTP/".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(TlsProbe.isTlsRecordHeader(new byte[] {23, 3, 3, 0, 10})).as("application data first").isFalse();
        assertThat(TlsProbe.isTlsRecordHeader(new byte[] {22, 2, 0, 0, 10})).as("not version 3.x").isFalse();
        assertThat(TlsProbe.isTlsRecordHeader(new byte[] {22, 3, 3, 0, 0})).as("empty record").isFalse();
        assertThat(TlsProbe.isTlsRecordHeader(new byte[] {22, 3, 3, (byte) 0xff, (byte) 0xff})).as("oversized").isFalse();
    }
}
