package io.bootc4j.oci;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One signature stored with an image, exactly as the transport holds it:
 * <ul>
 *   <li>{@link Kind#SIMPLE_SIGNING}: the OpenPGP-signed "atomic container signature" bytes;
 *   <li>{@link Kind#SIGSTORE}: a cosign attachment, where {@link #bytes()} is the payload and
 *       {@link #annotations()} holds {@code dev.cosignproject.cosign/signature} and friends;
 *       {@link #mediaType()} is the attachment's media type.
 * </ul>
 * Immutable (bytes are copied in and out). Nothing here is verified; see
 * {@code io.bootc4j.oci.signature}.
 */
public final class SignatureBlob {

    /** The two signature formats containers/image understands. */
    public enum Kind { SIMPLE_SIGNING, SIGSTORE }

    private final Kind kind;
    private final byte[] bytes;
    private final Map<String, String> annotations;
    private final String mediaType;

    /** For SIGSTORE the media type defaults to {@link MediaType#COSIGN_SIMPLE_SIGNING}. */
    public SignatureBlob(Kind kind, byte[] bytes, Map<String, String> annotations) {
        this(kind, bytes, annotations, kind == Kind.SIGSTORE ? MediaType.COSIGN_SIMPLE_SIGNING : "");
    }

    public SignatureBlob(Kind kind, byte[] bytes, Map<String, String> annotations, String mediaType) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.bytes = Objects.requireNonNull(bytes, "bytes").clone();
        this.annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        this.mediaType = mediaType == null ? "" : mediaType;
    }

    public static SignatureBlob simpleSigning(byte[] bytes) {
        return new SignatureBlob(Kind.SIMPLE_SIGNING, bytes, Map.of());
    }

    public static SignatureBlob sigstore(String mediaType, byte[] payload, Map<String, String> annotations) {
        return new SignatureBlob(Kind.SIGSTORE, payload, annotations, mediaType);
    }

    public Kind kind() {
        return kind;
    }

    /** A fresh copy of the signature (SIMPLE_SIGNING) or payload (SIGSTORE) bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public Map<String, String> annotations() {
        return annotations;
    }

    /** The sigstore attachment media type; empty for simple signing. */
    public String mediaType() {
        return mediaType;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignatureBlob s && s.kind == kind && Arrays.equals(s.bytes, bytes)
                && s.annotations.equals(annotations) && s.mediaType.equals(mediaType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(bytes), annotations, mediaType);
    }

    @Override
    public String toString() {
        return "SignatureBlob[" + kind + ", " + bytes.length + " bytes]";
    }
}
