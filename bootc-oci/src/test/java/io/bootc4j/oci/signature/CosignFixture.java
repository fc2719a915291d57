package io.bootc4j.oci.signature;

import io.bootc4j.oci.Digest;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes cosign-style signatures the way cosign does (Debian's skopeo cannot: it is built without
 * sigstore): an ECDSA P-256 signature over the JSON payload, PEM keys, a Rekor-like log key that
 * signs SETs, and a Fulcio-like CA issuing short-lived code-signing certificates.
 */
final class CosignFixture {

    static final String MIME = "application/vnd.dev.cosign.simplesigning.v1+json";

    private CosignFixture() {}

    static KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    static String publicKeyPem(KeyPair k) {
        return pem("PUBLIC KEY", k.getPublic().getEncoded());
    }

    static String certificatePem(X509Certificate c) {
        try {
            return pem("CERTIFICATE", c.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] payload(Digest manifest, String identity) {
        return ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + identity + "\"},\"image\":{\"docker-manifest-digest\":\""
                + manifest + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A dir:-transport {@code signature-N} file in containers/image's {@code \0sigstore-json\n} format. */
    static byte[] dirSignatureFile(String mimeType, byte[] payload, Map<String, String> annotations) {
        StringBuilder a = new StringBuilder();
        new TreeMap<>(annotations).forEach((k, v) -> a.append(a.length() == 0 ? "" : ",").append(json(k)).append(':').append(json(v)));
        String body = "{\"mimeType\":" + json(mimeType) + ",\"payload\":\"" + Base64.getEncoder().encodeToString(payload)
                + "\",\"annotations\":{" + a + "}}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("\0sigstore-json\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /**
     * A Rekor SignedEntryTimestamp for a hashedrekord entry of ({@code signerPem}, {@code signature},
     * {@code payload}) integrated at {@code time}, signed by {@code log}. The Payload is written in
     * JCS order by hand (body, integratedTime, logID, logIndex).
     */
    static String rekorSet(KeyPair log, String signerPem, byte[] signature, byte[] payload, Instant time) {
        String entry = "{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"data\":{\"hash\":{\"algorithm\":\"sha256\","
                + "\"value\":\"" + Digest.sha256(payload).hex() + "\"}},\"signature\":{\"content\":\""
                + Base64.getEncoder().encodeToString(signature) + "\",\"publicKey\":{\"content\":\""
                + Base64.getEncoder().encodeToString(signerPem.getBytes(StandardCharsets.US_ASCII)) + "\"}}}}";
        String canonical = "{\"body\":\"" + Base64.getEncoder().encodeToString(entry.getBytes(StandardCharsets.UTF_8))
                + "\",\"integratedTime\":" + time.getEpochSecond() + ",\"logID\":\"c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d\""
                + ",\"logIndex\":1234}";
        String set = Base64.getEncoder().encodeToString(sign(log.getPrivate(), canonical.getBytes(StandardCharsets.UTF_8)));
        return "{\"SignedEntryTimestamp\":\"" + set + "\",\"Payload\":" + canonical + "}";
    }

    /** A self-signed CA certificate valid for a year around {@code around}. */
    static X509Certificate ca(KeyPair key, String name, Instant around) {
        try {
            X500Name n = new X500Name("CN=" + name);
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(n, BigInteger.ONE,
                    Date.from(around.minusSeconds(86400 * 180)), Date.from(around.plusSeconds(86400 * 180)), n, key.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A Fulcio-style leaf: no subject, critical email SAN, codeSigning EKU, the raw OIDC issuer
     * extension 1.3.6.1.4.1.57264.1.1, valid only ten minutes from {@code notBefore}.
     */
    static X509Certificate fulcioLeaf(KeyPair ca, X509Certificate caCert, KeyPair leaf, String email, String issuer,
            Instant notBefore) {
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, BigInteger.valueOf(notBefore.getEpochSecond()),
                    Date.from(notBefore), Date.from(notBefore.plusSeconds(600)), new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
                    leaf.getPublic());
            b.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(new GeneralName(GeneralName.rfc822Name, email)));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.1"), false,
                    new DEROctetString(issuer.getBytes(StandardCharsets.UTF_8)).getOctets());
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
