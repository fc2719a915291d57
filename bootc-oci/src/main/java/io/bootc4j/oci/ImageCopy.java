package io.bootc4j.oci;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import io.bootc4j.oci.internal.DiffIdVerifyingInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies an image from an {@link ImageSource} to an {@link ImageDestination}, as
 * {@code skopeo copy} does: config and layers first (each verified against its descriptor while
 * streaming, skipped when the destination already has it), then the manifest with its exact
 * bytes (so its digest is preserved), then signatures (unless removed), then commit. From an
 * index it copies the instance the platform matcher picks, or every instance and the index
 * itself with {@link CopyOptions#allInstances()}. Stateless; one call per copy.
 *
 * <p>When both ends allow it ({@link ImageSource#concurrentBlobs()},
 * {@link ImageDestination#concurrentBlobs()}), up to {@link CopyOptions#concurrentBlobs()} blobs of
 * an image are in flight at once, each streamed straight into its own destination temp file
 * (memory does not grow with blob size). The first blob that fails cancels the others, the copy
 * waits for them to stop and rethrows that failure; the destination then holds only complete,
 * verified blobs and is not committed.
 *
 * <p>With {@link CopyOptions#verifyDiffIds()}, the config of each image manifest is read first (the
 * bytes read are the ones stored: it is fetched once) and layer <i>i</i> is paired with its
 * {@code rootfs.diff_ids[i]}; every layer copied is also
 * decompressed on a second thread while it streams and fails the copy with
 * {@link DiffIdMismatchException} when its tar does not hash to that diff_id. Layers the
 * destination already holds are not read, so not checked; layers of a media type that is not a
 * layer type of the OCI or Docker specs (artifacts) are copied without the check.
 */
public final class ImageCopy {

    private static final Logger LOG = LoggerFactory.getLogger(ImageCopy.class);
    private static final int MAX_INDEX_DEPTH = 4;
    /** How long a failed copy waits for cancelled transfers to remove their temp files. */
    private static final long CANCEL_WAIT_SECONDS = 30;

    private final ImageSource source;
    private final ImageDestination destination;
    private final CopyOptions options;
    private final Set<Digest> done = new HashSet<>();
    private final AtomicInteger copied = new AtomicInteger();
    private int skipped;
    private final LongAdder bytes = new LongAdder();
    /** Blobs already read whole and verified (image configs, for their diff_ids), by digest. */
    private final Map<Digest, byte[]> alreadyRead = new java.util.concurrent.ConcurrentHashMap<>();

    private ImageCopy(ImageSource source, ImageDestination destination, CopyOptions options) {
        this.source = source;
        this.destination = destination;
        this.options = options;
    }

    /**
     * Copies and commits. Neither source nor destination is closed.
     *
     * @throws OciException when the source is malformed, a blob fails verification, no index
     *     instance matches the platform, or the destination cannot hold the signatures
     */
    public static CopyResult copy(ImageSource source, ImageDestination destination, CopyOptions options) throws IOException {
        return new ImageCopy(source, destination, options).run();
    }

    private CopyResult run() throws IOException {
        ManifestBytes top = source.manifest(Optional.empty());
        ManifestBytes written;
        if (top.isIndex() && !options.allInstances()) {
            ImageIndex index = ImageIndex.parse(top);
            Descriptor chosen = options.platform().choose(index);
            LOG.debug("{}: chose {} for {}", source.describe(), chosen.digest(), options.platform().wanted());
            ManifestBytes instance = source.manifest(Optional.of(chosen.digest()));
            if (instance.isIndex()) {
                throw new OciException(source.describe() + ": index entry " + chosen.digest() + " is itself an index");
            }
            List<SignatureBlob> sigs = signatures(Optional.of(chosen.digest()));
            copyImage(instance);
            destination.putManifest(instance, Optional.empty());
            destination.putSignatures(sigs, Optional.empty());
            written = instance;
        } else {
            List<SignatureBlob> sigs = signatures(Optional.empty());
            if (top.isIndex()) {
                copyIndexInstances(ImageIndex.parse(top), 1);
            } else {
                copyImage(top);
            }
            destination.putManifest(top, Optional.empty());
            destination.putSignatures(sigs, Optional.empty());
            written = top;
        }
        options.progress().manifestWritten(written.digest());
        destination.commit();
        return new CopyResult(written, copied.get(), skipped, bytes.sum());
    }

    private List<SignatureBlob> signatures(Optional<Digest> instance) throws IOException {
        return options.removeSignatures() ? List.of() : source.signatures(instance);
    }

    private void copyIndexInstances(ImageIndex index, int depth) throws IOException {
        if (depth > MAX_INDEX_DEPTH) {
            throw new OciException(source.describe() + ": indexes nested deeper than " + MAX_INDEX_DEPTH);
        }
        for (Descriptor d : index.manifests()) {
            ManifestBytes m = source.manifest(Optional.of(d.digest()));
            if (m.isIndex()) {
                copyIndexInstances(ImageIndex.parse(m), depth + 1);
            } else if (MediaType.isImageManifest(m.mediaType())) {
                copyImage(m);
            } else {
                // unknown entries (artifacts, attestations) are copied as opaque manifests
                LOG.debug("{}: copying index entry {} of type {} without its blobs", source.describe(), d.digest(), m.mediaType());
            }
            destination.putManifest(m, Optional.of(d.digest()));
            List<SignatureBlob> sigs = signatures(Optional.of(d.digest()));
            if (!sigs.isEmpty()) {
                destination.putSignatures(sigs, Optional.of(d.digest()));
            }
        }
    }

    private void copyImage(ManifestBytes bytes) throws IOException {
        Manifest manifest = Manifest.parse(bytes);
        Map<Digest, Digest> diffIds = options.verifyDiffIds() ? diffIds(manifest) : Map.of();
        List<Descriptor> all = new ArrayList<>();
        all.add(manifest.config());
        all.addAll(manifest.layers());
        List<Descriptor> todo = new ArrayList<>();
        for (Descriptor blob : all) {
            if (!done.add(blob.digest())) {
                continue;
            }
            if (destination.hasBlob(blob.digest())) {
                skipped++;
                options.progress().blobSkipped(blob);
                continue;
            }
            todo.add(blob);
        }
        int width = Math.min(options.concurrentBlobs(), todo.size());
        if (width > 1 && source.concurrentBlobs() && destination.concurrentBlobs()) {
            copyConcurrently(todo, width, diffIds);
        } else {
            for (Descriptor blob : todo) {
                copyBlob(blob, Optional.ofNullable(diffIds.get(blob.digest())));
            }
        }
    }

    /** Layer digest to the diff_id the config lists for it, for every layer of a known layer type. */
    private Map<Digest, Digest> diffIds(Manifest manifest) throws IOException {
        Descriptor config = manifest.config();
        if (!MediaType.OCI_CONFIG.equals(config.mediaType()) && !MediaType.DOCKER_CONFIG.equals(config.mediaType())) {
            LOG.debug("{}: config {} of type {} is no image config; diff_ids not verified", source.describe(),
                    config.digest(), config.mediaType());
            return Map.of();
        }
        String subject = source.describe() + " image config " + config.digest();
        if (config.size() > ImageConfig.MAX_SIZE) {
            throw new ManifestFormatException(subject, "size " + config.size() + " exceeds " + ImageConfig.MAX_SIZE + " bytes");
        }
        byte[] configBytes;
        try (InputStream in = source.openBlob(config)) {
            configBytes = in.readAllBytes(); // verified: openBlob's stream checks digest and size at EOF
        }
        alreadyRead.put(config.digest(), configBytes);
        List<Digest> ids = ImageConfig.parse(configBytes).diffIds();
        List<Descriptor> layers = manifest.layers();
        if (ids.size() != layers.size()) {
            throw new ManifestFormatException(subject, "rootfs.diff_ids lists " + ids.size()
                    + " diff_ids but the manifest lists " + layers.size() + " layers");
        }
        Map<Digest, Digest> byLayer = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            Descriptor layer = layers.get(i);
            if (!MediaType.isLayer(layer.mediaType())) {
                LOG.debug("{}: layer {} of type {} is not a tar layer; its diff_id is not verified", source.describe(),
                        layer.digest(), layer.mediaType());
                continue;
            }
            Digest previous = byLayer.putIfAbsent(layer.digest(), ids.get(i));
            if (previous != null && !previous.equals(ids.get(i))) {
                throw new ManifestFormatException(subject, "layer " + layer.digest() + " is listed twice, with diff_ids "
                        + previous + " and " + ids.get(i));
            }
        }
        return byLayer;
    }

    /**
     * Copies {@code blobs} on {@code width} threads. The first failure (in completion order)
     * cancels the rest by interrupting them; their temp files are removed by the destination as
     * their streams fail. Returns or throws only once every transfer has stopped.
     */
    private void copyConcurrently(List<Descriptor> blobs, int width, Map<Digest, Digest> diffIds) throws IOException {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(width, r -> {
            Thread t = new Thread(r, "bootc4j-copy-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        CompletionService<Void> completions = new ExecutorCompletionService<>(pool);
        List<Future<Void>> futures = new ArrayList<>();
        try {
            for (Descriptor blob : blobs) {
                futures.add(completions.submit(() -> {
                    copyBlob(blob, Optional.ofNullable(diffIds.get(blob.digest())));
                    return null;
                }));
            }
            for (int i = 0; i < blobs.size(); i++) {
                try {
                    completions.take().get();
                } catch (ExecutionException e) {
                    futures.forEach(f -> f.cancel(true));
                    throw rethrow(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(source.describe() + ": copy interrupted");
        } finally {
            pool.shutdownNow();
            awaitStopped(pool);
        }
    }

    private IOException rethrow(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new OciException(source.describe() + ": blob copy failed", cause);
    }

    private void awaitStopped(ExecutorService pool) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (!pool.awaitTermination(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS)) {
                        LOG.warn("{}: cancelled blob transfers did not stop within {} s", source.describe(), CANCEL_WAIT_SECONDS);
                    }
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Copies one blob, checking the uncompressed bytes against {@code diffId} when present; safe to
     * run on several threads at once for different blobs.
     */
    private void copyBlob(Descriptor blob, Optional<Digest> diffId) throws IOException {
        options.progress().blobStarted(blob);
        Descriptor stored;
        // openBlob's stream verifies digest and size at EOF, so the destination need not hash again;
        // the diff_id check also fails at EOF, before the destination keeps the blob
        byte[] read = alreadyRead.remove(blob.digest());
        InputStream counted = new Counting(read != null ? new ByteArrayInputStream(read) : source.openBlob(blob), blob);
        try (InputStream in = diffId.isPresent()
                ? new DiffIdVerifyingInputStream(counted, source.describe(), blob.digest(), diffId.get()) : counted) {
            stored = destination.putVerifiedBlob(in, blob);
        }
        if (!stored.digest().equals(blob.digest()) || stored.size() != blob.size()) {
            throw new DigestMismatchException(destination.describe() + " stored blob", blob.digest(), stored.digest());
        }
        copied.incrementAndGet();
        options.progress().blobDone(blob);
    }

    /** Reports progress and counts bytes. */
    private final class Counting extends FilterInputStream {
        private final Descriptor blob;

        Counting(InputStream in, Descriptor blob) {
            super(in);
            this.blob = blob;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            bytes.add(n);
            options.progress().bytesFetched(blob, n);
        }
    }
}
