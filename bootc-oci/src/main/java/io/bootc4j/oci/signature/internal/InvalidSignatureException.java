package io.bootc4j.oci.signature.internal;

/**
 * One signature does not verify or does not satisfy a requirement; the message is the reason
 * shown in the verdict. Internal: the public result is a {@code SignatureOutcome}.
 */
public final class InvalidSignatureException extends Exception {

    public InvalidSignatureException(String reason) {
        super(reason);
    }

    public InvalidSignatureException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
