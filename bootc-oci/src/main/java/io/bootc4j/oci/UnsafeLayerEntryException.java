package io.bootc4j.oci;

import java.util.Optional;

/**
 * A layer tar entry would write outside the extraction root, link to something outside it,
 * exceed the configured limits, or is otherwise not applicable. Nothing from the offending entry
 * has been written.
 */
public class UnsafeLayerEntryException extends OciException {
    private static final long serialVersionUID = 1L;

    private final transient Digest layer;
    private final String entryName;
    private final String reason;

    /**
     * @param layer the layer's digest when known
     * @param entryName the entry name exactly as found in the tar
     * @param reason the offence, e.g. {@code "path escapes the root"}
     */
    public UnsafeLayerEntryException(Optional<Digest> layer, String entryName, String reason) {
        super("layer " + layer.map(Digest::toString).orElse("(unknown digest)") + " entry \"" + entryName + "\": " + reason);
        this.layer = layer.orElse(null);
        this.entryName = entryName;
        this.reason = reason;
    }

    public Optional<Digest> layer() {
        return Optional.ofNullable(layer);
    }

    public String entryName() {
        return entryName;
    }

    public String reason() {
        return reason;
    }
}
