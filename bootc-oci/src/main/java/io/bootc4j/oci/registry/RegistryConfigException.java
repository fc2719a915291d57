package io.bootc4j.oci.registry;

import io.bootc4j.oci.OciException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A registry configuration file ({@code auth.json}, Docker {@code config.json},
 * {@code registries.conf} or a drop-in) is malformed, or a credential helper failed. The message
 * names the file or helper and the offence.
 */
public class RegistryConfigException extends OciException {

    private static final long serialVersionUID = 1L;

    private final String source;

    public RegistryConfigException(Path file, String offence) {
        this(file.toString(), offence, null);
    }

    public RegistryConfigException(String source, String offence, Throwable cause) {
        super(Objects.requireNonNull(source, "source") + ": " + offence, cause);
        this.source = source;
    }

    /** The file path or helper name the error is about. */
    public String source() {
        return source;
    }
}
