package io.bootc4j.oci.registry.internal;

import io.bootc4j.oci.registry.RegistryConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * SSL contexts for registries: the system trust store plus the CA certificates ({@code *.crt}) of a
 * containers {@code --cert-dir} / {@code certs.d/HOST} directory, with a client certificate from a
 * {@code NAME.cert} + {@code NAME.key} pair ({@code containers-certs.d(5)}); or, for insecure
 * registries, a context that accepts any certificate.
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    public static SSLContext forCertDir(Path dir) throws IOException {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            system.init((KeyStore) null);
            int n = 0;
            for (TrustManager tm : system.getTrustManagers()) {
                if (tm instanceof javax.net.ssl.X509TrustManager x) {
                    for (X509Certificate c : x.getAcceptedIssuers()) {
                        trust.setCertificateEntry("system-" + n++, c);
                    }
                }
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.sorted().toList();
            }
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            KeyStore keys = null;
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(".crt")) {
                    try (InputStream in = Files.newInputStream(f)) {
                        for (Certificate c : cf.generateCertificates(in)) {
                            trust.setCertificateEntry("certdir-" + n++, c);
                        }
                    } catch (GeneralSecurityException e) {
                        throw new RegistryConfigException(f.toString(), "not a PEM certificate: " + e.getMessage(), e);
                    }
                } else if (name.endsWith(".cert")) {
                    Path key = f.resolveSibling(name.substring(0, name.length() - 5) + ".key");
                    if (!Files.isRegularFile(key)) {
                        throw new RegistryConfigException(f, "client certificate without its key " + key.getFileName());
                    }
                    List<Certificate> chain = new ArrayList<>();
                    try (InputStream in = Files.newInputStream(f)) {
                        chain.addAll(cf.generateCertificates(in));
                    } catch (GeneralSecurityException e) {
                        throw new RegistryConfigException(f.toString(), "not a PEM certificate: " + e.getMessage(), e);
                    }
                    keys = keys == null ? emptyKeyStore() : keys;
                    keys.setKeyEntry(name, privateKey(key), new char[0], chain.toArray(new Certificate[0]));
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (keys != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, new char[0]);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new RegistryConfigException(dir.toString(), "cannot build TLS context: " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyKeyStore() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair kp) {
                return conv.getKeyPair(kp).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return conv.getPrivateKey(info);
            }
            throw new RegistryConfigException(file, "not an unencrypted PEM private key");
        }
    }

    /** Accepts every certificate and host name: only for registries configured as insecure. */
    public static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustAll()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS unavailable in this JDK", e);
        }
    }

    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
