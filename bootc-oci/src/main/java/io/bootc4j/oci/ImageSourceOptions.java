package io.bootc4j.oci;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Options for opening sources and destinations, mirroring skopeo's flags. They are read by the
 * registry transport; local transports ({@code oci:}, archives, {@code dir:}) need none (archives
 * are read in place, never unpacked). Immutable; build with {@link #builder()}.
 */
public final class ImageSourceOptions {

    private final Optional<Boolean> tlsVerify;
    private final Optional<Path> authFile;
    private final Optional<Path> certDirectory;
    private final Optional<Path> registriesConf;
    private final Optional<Path> registriesDirectory;

    private ImageSourceOptions(Builder b) {
        this.tlsVerify = Optional.ofNullable(b.tlsVerify);
        this.authFile = Optional.ofNullable(b.authFile);
        this.certDirectory = Optional.ofNullable(b.certDirectory);
        this.registriesConf = Optional.ofNullable(b.registriesConf);
        this.registriesDirectory = Optional.ofNullable(b.registriesDirectory);
    }

    public static ImageSourceOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code --tls-verify}; empty means "the registry configuration decides". */
    public Optional<Boolean> tlsVerify() {
        return tlsVerify;
    }

    /** {@code --authfile}. */
    public Optional<Path> authFile() {
        return authFile;
    }

    /** {@code --cert-dir}. */
    public Optional<Path> certDirectory() {
        return certDirectory;
    }

    /** A {@code registries.conf} to use instead of the system one. */
    public Optional<Path> registriesConf() {
        return registriesConf;
    }

    /** {@code --registries.d}: the signature lookaside configuration directory. */
    public Optional<Path> registriesDirectory() {
        return registriesDirectory;
    }

    /** Builder; every setting is optional. */
    public static final class Builder {
        private Boolean tlsVerify;
        private Path authFile;
        private Path certDirectory;
        private Path registriesConf;
        private Path registriesDirectory;

        private Builder() {
        }

        public Builder tlsVerify(boolean verify) {
            this.tlsVerify = verify;
            return this;
        }

        public Builder authFile(Path file) {
            this.authFile = file;
            return this;
        }

        public Builder certDirectory(Path dir) {
            this.certDirectory = dir;
            return this;
        }

        public Builder registriesConf(Path file) {
            this.registriesConf = file;
            return this;
        }

        public Builder registriesDirectory(Path dir) {
            this.registriesDirectory = dir;
            return this;
        }

        public ImageSourceOptions build() {
            return new ImageSourceOptions(this);
        }
    }
}
