package io.bootc4j.oci.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.security.KeyManagementException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class DeferredSslContextTest {

    private final AtomicInteger made = new AtomicInteger();
    private final DeferredSslContext ctx = new DeferredSslContext(() -> {
        made.incrementAndGet();
        return TlsContexts.trustAll();
    });

    @Test
    void buildingAnHttpClientDoesNotMakeTheRealContext() {
        HttpClient.newBuilder().sslContext(ctx).sslParameters(new SSLParameters()).build();
        assertThat(made).hasValue(0);
    }

    @Test
    void firstEngineMakesTheRealContextOnceForAll() {
        assertThat(ctx.createSSLEngine("registry.example", 443).getPeerHost()).isEqualTo("registry.example");
        ctx.createSSLEngine("other.example", 443);
        assertThat(ctx.getDefaultSSLParameters().getProtocols()).isNotEmpty();
        assertThat(made).hasValue(1);
    }

    @Test
    void initialisingAgainIsRefused() {
        assertThatThrownBy(() -> ctx.init(null, null, null)).isInstanceOf(KeyManagementException.class)
                .hasMessageContaining("initialised by its factory");
    }
}
