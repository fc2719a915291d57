package io.bootc4j.oci.signature.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM blocks: public keys (ECDSA, RSA, Ed25519) and X.509 certificates, with JDK crypto only. */
public final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");

    private Pem() {}

    /** The DER contents of every block labelled {@code label}, in order. */
    public static List<byte[]> blocks(byte[] pem, String label) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
        while (m.find()) {
            if (m.group(1).equals(label)) {
                out.add(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        return out;
    }

    /** Every {@code PUBLIC KEY} block as a key; {@code what} names the source in errors. */
    public static List<PublicKey> publicKeys(byte[] pem, String what) throws InvalidSignatureException {
        List<PublicKey> keys = new ArrayList<>();
        for (byte[] der : blocks(pem, "PUBLIC KEY")) {
            keys.add(publicKey(der, what));
        }
        if (keys.isEmpty()) {
            throw new InvalidSignatureException(what + ": no PEM \"PUBLIC KEY\" block found");
        }
        return keys;
    }

    /** A SubjectPublicKeyInfo DER of an EC, RSA or Ed25519 key. */
    public static PublicKey publicKey(byte[] der, String what) throws InvalidSignatureException {
        for (String alg : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
            } catch (java.security.GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new InvalidSignatureException(what + ": not an ECDSA, RSA or Ed25519 public key");
    }

    /** Every certificate in a PEM bundle; {@code what} names the source in errors. */
    public static List<X509Certificate> certificates(byte[] pem, String what) throws InvalidSignatureException {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (byte[] der : blocks(pem, "CERTIFICATE")) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
            if (out.isEmpty()) {
                throw new InvalidSignatureException(what + ": no PEM \"CERTIFICATE\" block found");
            }
            return out;
        } catch (CertificateException e) {
            throw new InvalidSignatureException(what + ": invalid certificate: " + e.getMessage(), e);
        }
    }
}
