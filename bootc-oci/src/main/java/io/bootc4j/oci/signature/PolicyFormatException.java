package io.bootc4j.oci.signature;

import io.bootc4j.oci.OciException;

/**
 * A policy.json (or registries.d file) is malformed. The whole file is refused, as
 * containers/image does; the message names the file, the JSON path of the offence and the reason,
 * e.g. {@code /etc/containers/policy.json: transports.docker["quay.io"][0]: unknown key "keyPth"}.
 */
public final class PolicyFormatException extends OciException {

    private final String source;
    private final String path;

    public PolicyFormatException(String source, String path, String reason) {
        super(source + ": " + (path.isEmpty() ? "" : path + ": ") + reason);
        this.source = source;
        this.path = path;
    }

    /** The file (or other source name) that was being parsed. */
    public String source() {
        return source;
    }

    /** The JSON/YAML path of the offending value; empty for the document as a whole. */
    public String path() {
        return path;
    }
}
