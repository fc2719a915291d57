package io.bootc4j.ostree.sign;

import io.bootc4j.ostree.OstreeException;

/** Bytes given as an OpenPGP public keyring that do not parse as one. */
public final class InvalidKeyringException extends OstreeException {

    private static final long serialVersionUID = 1L;

    public InvalidKeyringException(String message, Throwable cause) {
        super(message, cause);
    }
}
