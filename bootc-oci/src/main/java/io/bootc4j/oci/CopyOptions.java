package io.bootc4j.oci;

import java.util.Objects;

/**
 * How {@link ImageCopy} copies: which instance of an index (skopeo's default: the one matching
 * the host platform with {@code --override-*} applied; or every instance, {@code --all}),
 * whether signatures are dropped ({@code --remove-signatures}), and who hears about progress.
 * Immutable; build with {@link #builder()}.
 */
public final class CopyOptions {

    private final PlatformMatcher platform;
    private final boolean allInstances;
    private final boolean removeSignatures;
    private final ProgressListener progress;

    private CopyOptions(Builder b) {
        this.platform = b.platform;
        this.allInstances = b.allInstances;
        this.removeSignatures = b.removeSignatures;
        this.progress = b.progress;
    }

    public static CopyOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public PlatformMatcher platform() {
        return platform;
    }

    public boolean allInstances() {
        return allInstances;
    }

    public boolean removeSignatures() {
        return removeSignatures;
    }

    public ProgressListener progress() {
        return progress;
    }

    /** Builder; defaults: host platform, single instance, keep signatures, no progress. */
    public static final class Builder {
        private PlatformMatcher platform = PlatformMatcher.of(Platform.current());
        private boolean allInstances;
        private boolean removeSignatures;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {
        }

        public Builder platform(PlatformMatcher matcher) {
            this.platform = Objects.requireNonNull(matcher, "matcher");
            return this;
        }

        public Builder allInstances(boolean all) {
            this.allInstances = all;
            return this;
        }

        public Builder removeSignatures(boolean remove) {
            this.removeSignatures = remove;
            return this;
        }

        public Builder progress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public CopyOptions build() {
            return new CopyOptions(this);
        }
    }
}
