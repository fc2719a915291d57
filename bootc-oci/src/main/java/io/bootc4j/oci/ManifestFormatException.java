package io.bootc4j.oci;

/**
 * A manifest, index, image config, layout index or archive metadata file is not valid JSON or
 * lacks a required field. The message names the document and the offence.
 */
public class ManifestFormatException extends OciException {
    private static final long serialVersionUID = 1L;

    private final String subject;

    public ManifestFormatException(String subject, String offence) {
        super(subject + ": " + offence);
        this.subject = subject;
    }

    public ManifestFormatException(String subject, String offence, Throwable cause) {
        super(subject + ": " + offence, cause);
        this.subject = subject;
    }

    /** The document that failed to parse, e.g. {@code "manifest sha256:…"} or {@code "index.json in oci:/x"}. */
    public String subject() {
        return subject;
    }
}
