package io.bootc4j.oci;

import java.util.Objects;

/**
 * How {@link ImageCopy} copies: which instance of an index (skopeo's default: the one matching
 * the host platform with {@code --override-*} applied; or every instance, {@code --all}),
 * whether signatures are dropped ({@code --remove-signatures}), how many blobs may be in flight
 * at once, whether layers' diff_ids are verified, and who hears about progress. Immutable; build with {@link #builder()}.
 */
public final class CopyOptions {

    /** The default of {@link #concurrentBlobs()}: enough to hide per-request latency, few enough to spare the CPU. */
    public static final int DEFAULT_CONCURRENT_BLOBS = 4;

    private final PlatformMatcher platform;
    private final boolean allInstances;
    private final boolean removeSignatures;
    private final ProgressListener progress;
    private final int concurrentBlobs;
    private final boolean verifyDiffIds;

    private CopyOptions(Builder b) {
        this.platform = b.platform;
        this.allInstances = b.allInstances;
        this.removeSignatures = b.removeSignatures;
        this.progress = b.progress;
        this.concurrentBlobs = b.concurrentBlobs;
        this.verifyDiffIds = b.verifyDiffIds;
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

    /**
     * How many blobs {@link ImageCopy} transfers at once when both the source and the destination
     * allow it ({@link ImageSource#concurrentBlobs()}, {@link ImageDestination#concurrentBlobs()});
     * otherwise blobs are copied one at a time.
     */
    public int concurrentBlobs() {
        return concurrentBlobs;
    }

    /**
     * Whether {@link ImageCopy} also decompresses every layer it copies and checks the SHA-256 of
     * the tar against the {@code rootfs.diff_ids} entry of the image config (failing with
     * {@link DiffIdMismatchException}). Off by default, as in {@code skopeo copy}, which never
     * decompresses layers; the blob digests and sizes are verified either way.
     */
    public boolean verifyDiffIds() {
        return verifyDiffIds;
    }

    /**
     * Builder; defaults: host platform, single instance, keep signatures, no progress,
     * {@value #DEFAULT_CONCURRENT_BLOBS} blobs in flight, diff_ids not verified.
     */
    public static final class Builder {
        private PlatformMatcher platform = PlatformMatcher.of(Platform.current());
        private boolean allInstances;
        private boolean removeSignatures;
        private ProgressListener progress = ProgressListener.NONE;
        private int concurrentBlobs = DEFAULT_CONCURRENT_BLOBS;
        private boolean verifyDiffIds;

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

        /**
         * At most {@code n} blobs in flight at once; 1 copies them one by one.
         *
         * @throws IllegalArgumentException when {@code n} is below 1
         */
        public Builder concurrentBlobs(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("concurrentBlobs " + n + " is below 1");
            }
            this.concurrentBlobs = n;
            return this;
        }

        /** See {@link CopyOptions#verifyDiffIds()}. */
        public Builder verifyDiffIds(boolean verify) {
            this.verifyDiffIds = verify;
            return this;
        }

        public CopyOptions build() {
            return new CopyOptions(this);
        }
    }
}
