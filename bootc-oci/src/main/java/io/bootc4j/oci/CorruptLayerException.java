package io.bootc4j.oci;

import java.util.Optional;

/** A layer blob cannot be decompressed or is not a valid tar (truncated, garbled, wrong format). */
public class CorruptLayerException extends OciException {
    private static final long serialVersionUID = 1L;

    private final transient Digest layer;

    public CorruptLayerException(Optional<Digest> layer, String problem, Throwable cause) {
        super("layer " + layer.map(Digest::toString).orElse("(unknown digest)") + ": " + problem, cause);
        this.layer = layer.orElse(null);
    }

    public Optional<Digest> layer() {
        return Optional.ofNullable(layer);
    }
}
