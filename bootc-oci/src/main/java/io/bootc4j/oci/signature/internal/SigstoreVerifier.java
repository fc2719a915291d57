package io.bootc4j.oci.signature.internal;

import io.bootc4j.oci.SignatureBlob;
import io.bootc4j.oci.signature.KeySource;
import io.bootc4j.oci.signature.PolicyRequirement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;

/**
 * The cryptographic half of {@code sigstoreSigned} (containers/image
 * {@code policy_eval_sigstore.go}): picks the public key (configured keys, optionally tied to a
 * Rekor SET; or a Fulcio certificate validated at the Rekor integrated time; or a PKI
 * certificate validated now), then verifies the cosign signature over the raw payload bytes.
 * The payload, digest and identity checks are the caller's.
 */
public final class SigstoreVerifier {

    public static final String SIGNATURE = "dev.cosignproject.cosign/signature";
    public static final String CERTIFICATE = "dev.sigstore.cosign/certificate";
    public static final String CHAIN = "dev.sigstore.cosign/chain";
    public static final String BUNDLE = "dev.sigstore.cosign/bundle";

    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    private static final String OIDC_ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";
    private static final String OIDC_ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";

    private SigstoreVerifier() {}

    /** The verified payload bytes and a description of the signer. */
    public record Verified(byte[] payload, String signer) {}

    public static Verified verify(PolicyRequirement.SigstoreSigned req, SignatureBlob blob, Instant now)
            throws InvalidSignatureException {
        String sigB64 = blob.annotations().get(SIGNATURE);
        if (sigB64 == null) {
            throw new InvalidSignatureException("missing annotation " + SIGNATURE);
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(sigB64.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException("annotation " + SIGNATURE + " is not base64: " + e.getMessage());
        }
        byte[] payload = blob.bytes();
        Optional<List<PublicKey>> rekorKeys = req.rekorPublicKeys().isPresent()
                ? Optional.of(rekorKeys(req.rekorPublicKeys().get())) : Optional.empty();

        List<PublicKey> candidates = new ArrayList<>();
        String signer;
        if (req.keys().isPresent()) {
            List<PublicKey> keys = publicKeys(req.keys().get());
            if (rekorKeys.isEmpty()) {
                candidates.addAll(keys);
                signer = "key from " + req.keys().get();
            } else {
                byte[] set = bundle(blob);
                InvalidSignatureException last = null;
                for (PublicKey k : keys) {
                    try {
                        RekorSet.verify(rekorKeys.get(), set, k.getEncoded(), signature, payload);
                        candidates.add(k);
                        break;
                    } catch (InvalidSignatureException e) {
                        last = e;
                    }
                }
                if (candidates.isEmpty()) {
                    throw last;
                }
                signer = "key from " + req.keys().get() + " (Rekor SET verified)";
            }
        } else if (req.fulcio().isPresent()) {
            PolicyRequirement.Fulcio f = req.fulcio().get();
            X509Certificate leaf = leaf(blob);
            Instant setTime = RekorSet.verify(rekorKeys.orElseThrow(), bundle(blob), encoded(leaf), signature, payload);
            validatePath(leaf, certificates(f.ca()), chainIntermediates(blob), setTime);
            String issuer = oidcIssuer(leaf);
            if (!issuer.equals(f.oidcIssuer())) {
                throw new InvalidSignatureException("Fulcio certificate OIDC issuer \"" + issuer
                        + "\" does not match the required \"" + f.oidcIssuer() + "\"");
            }
            List<String> emails = sans(leaf, 1);
            if (!emails.contains(f.subjectEmail())) {
                throw new InvalidSignatureException("Fulcio certificate subject " + emails
                        + " does not include the required email \"" + f.subjectEmail() + "\"");
            }
            candidates.add(leaf.getPublicKey());
            signer = "Fulcio certificate for " + f.subjectEmail() + " (issuer " + issuer + ", logged " + setTime + ")";
        } else {
            PolicyRequirement.Pki pki = req.pki().orElseThrow();
            X509Certificate leaf = leaf(blob);
            List<X509Certificate> intermediates = new ArrayList<>(chainIntermediates(blob));
            if (pki.caIntermediates().isPresent()) {
                intermediates.addAll(certificates(pki.caIntermediates().get()));
            }
            validatePath(leaf, certificates(pki.caRoots()), intermediates, now);
            if (pki.subjectEmail().isPresent() && !sans(leaf, 1).contains(pki.subjectEmail().get())) {
                throw new InvalidSignatureException("certificate does not include the required email \"" + pki.subjectEmail().get() + "\"");
            }
            if (pki.subjectHostname().isPresent() && !sans(leaf, 2).contains(pki.subjectHostname().get())) {
                throw new InvalidSignatureException("certificate does not include the required hostname \""
                        + pki.subjectHostname().get() + "\"");
            }
            candidates.add(leaf.getPublicKey());
            signer = "certificate " + leaf.getSubjectX500Principal().getName();
        }
        for (PublicKey k : candidates) {
            if (RekorSet.verifies(algorithmFor(k), k, payload, signature)) {
                return new Verified(payload, signer);
            }
        }
        throw new InvalidSignatureException("cryptographic signature verification failed with " + signer);
    }

    private static String algorithmFor(PublicKey k) {
        return switch (k.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "Ed25519";
        };
    }

    private static List<PublicKey> publicKeys(KeySource source) throws InvalidSignatureException {
        List<PublicKey> keys = new ArrayList<>();
        for (byte[] pem : read(source)) {
            keys.addAll(Pem.publicKeys(pem, source.toString()));
        }
        return keys;
    }

    private static List<PublicKey> rekorKeys(KeySource source) throws InvalidSignatureException {
        List<PublicKey> keys = publicKeys(source);
        for (PublicKey k : keys) {
            if (!(k instanceof ECPublicKey)) {
                throw new InvalidSignatureException(source + ": Rekor public keys must be ECDSA, found " + k.getAlgorithm());
            }
        }
        return keys;
    }

    private static List<X509Certificate> certificates(KeySource source) throws InvalidSignatureException {
        List<X509Certificate> out = new ArrayList<>();
        for (byte[] pem : read(source)) {
            out.addAll(Pem.certificates(pem, source.toString()));
        }
        return out;
    }

    private static List<byte[]> read(KeySource source) throws InvalidSignatureException {
        try {
            return source.read();
        } catch (IOException e) {
            throw new InvalidSignatureException("cannot read " + source + ": " + e, e);
        }
    }

    private static byte[] bundle(SignatureBlob blob) throws InvalidSignatureException {
        String b = blob.annotations().get(BUNDLE);
        if (b == null) {
            throw new InvalidSignatureException("a Rekor SET is required but annotation " + BUNDLE + " is missing");
        }
        return b.getBytes(StandardCharsets.UTF_8);
    }

    private static X509Certificate leaf(SignatureBlob blob) throws InvalidSignatureException {
        String c = blob.annotations().get(CERTIFICATE);
        if (c == null) {
            throw new InvalidSignatureException("a certificate is required but annotation " + CERTIFICATE + " is missing");
        }
        List<X509Certificate> certs = Pem.certificates(c.getBytes(StandardCharsets.US_ASCII), "annotation " + CERTIFICATE);
        if (certs.size() != 1) {
            throw new InvalidSignatureException("annotation " + CERTIFICATE + " must hold exactly one certificate, found " + certs.size());
        }
        return certs.get(0);
    }

    /** The chain annotation without its last certificate, which is taken to be the root and not trusted. */
    private static List<X509Certificate> chainIntermediates(SignatureBlob blob) throws InvalidSignatureException {
        String c = blob.annotations().get(CHAIN);
        if (c == null) {
            return List.of();
        }
        List<X509Certificate> certs = Pem.certificates(c.getBytes(StandardCharsets.US_ASCII), "annotation " + CHAIN);
        return certs.subList(0, certs.size() - 1);
    }

    private static byte[] encoded(X509Certificate c) throws InvalidSignatureException {
        try {
            return c.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new InvalidSignatureException("cannot encode certificate: " + e.getMessage(), e);
        }
    }

    private static void validatePath(X509Certificate leaf, List<X509Certificate> roots,
            List<X509Certificate> intermediates, Instant at) throws InvalidSignatureException {
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            roots.forEach(r -> anchors.add(new TrustAnchor(r, null)));
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            Collection<X509Certificate> pool = new ArrayList<>(intermediates);
            pool.add(leaf);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
            PKIXCertPathBuilderResult r = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
            if (r.getCertPath().getCertificates().isEmpty()) {
                throw new InvalidSignatureException("empty certificate path");
            }
            List<String> eku = leaf.getExtendedKeyUsage();
            if (eku == null || !eku.contains(CODE_SIGNING)) {
                throw new InvalidSignatureException("certificate lacks the codeSigning extended key usage");
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidSignatureException("certificate " + leaf.getSubjectX500Principal().getName()
                    + " is not trusted at " + at + ": " + e.getMessage(), e);
        }
    }

    /** The Fulcio OIDC issuer: the raw v1 extension and/or the UTF8String v2 extension, which must agree. */
    static String oidcIssuer(X509Certificate leaf) throws InvalidSignatureException {
        String v1 = null;
        String v2 = null;
        try {
            byte[] e1 = leaf.getExtensionValue(OIDC_ISSUER_V1);
            if (e1 != null) {
                v1 = new String(ASN1OctetString.getInstance(e1).getOctets(), StandardCharsets.UTF_8);
            }
            byte[] e2 = leaf.getExtensionValue(OIDC_ISSUER_V2);
            if (e2 != null) {
                ASN1Primitive p = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(e2).getOctets());
                if (!(p instanceof ASN1String s)) {
                    throw new InvalidSignatureException("Fulcio OIDC issuer extension " + OIDC_ISSUER_V2 + " is not a string");
                }
                v2 = s.getString();
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidSignatureException("malformed Fulcio OIDC issuer extension: " + e.getMessage(), e);
        }
        if (v1 != null && v2 != null && !v1.equals(v2)) {
            throw new InvalidSignatureException("Fulcio certificate has two different OIDC issuers \"" + v1 + "\" and \"" + v2 + "\"");
        }
        if (v1 == null && v2 == null) {
            throw new InvalidSignatureException("Fulcio certificate has no OIDC issuer extension");
        }
        return v1 != null ? v1 : v2;
    }

    /** Subject alternative names of one GeneralName type (1 = email, 2 = DNS). */
    private static List<String> sans(X509Certificate leaf, int type) throws InvalidSignatureException {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> all = leaf.getSubjectAlternativeNames();
            if (all != null) {
                for (List<?> san : all) {
                    if (san.size() == 2 && Integer.valueOf(type).equals(san.get(0)) && san.get(1) instanceof String s) {
                        out.add(s);
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidSignatureException("malformed subject alternative names: " + e.getMessage(), e);
        }
        return out;
    }
}
