package io.bootc4j.oci.registry.internal;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An {@link SSLContext} that makes the real one only when a TLS connection is first opened. The
 * client of insecure registries needs a context to be built at all, but a pull from a registry
 * that speaks plain HTTP never opens a TLS connection; making the context up front (looking up
 * the security providers, initialising JSSE) cost that pull about a tenth of a second of CPU.
 * Already initialised: {@link #init} fails. Thread-safe; the real context is made at most once.
 */
public final class DeferredSslContext extends SSLContext {

    /** @param factory makes the real, initialised context */
    public DeferredSslContext(Supplier<SSLContext> factory) {
        super(new Spi(factory), null, "TLS");
    }

    private static final class Spi extends SSLContextSpi {
        private final Supplier<SSLContext> real;

        Spi(Supplier<SSLContext> factory) {
            this.real = new OnFirstUse<>(factory);
        }

        private SSLContext real() {
            return real.get();
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws KeyManagementException {
            throw new KeyManagementException("a deferred TLS context is initialised by its factory");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return real().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return real().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return real().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return real().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return real().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return real().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return real().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return real().getSupportedSSLParameters();
        }
    }
}
