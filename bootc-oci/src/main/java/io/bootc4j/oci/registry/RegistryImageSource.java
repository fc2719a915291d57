package io.bootc4j.oci.registry;

import io.bootc4j.oci.BlobNotFoundException;
import io.bootc4j.oci.Descriptor;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.DigestingInputStream;
import io.bootc4j.oci.ImageReference;
import io.bootc4j.oci.ImageSource;
import io.bootc4j.oci.Manifest;
import io.bootc4j.oci.ManifestBytes;
import io.bootc4j.oci.MediaType;
import io.bootc4j.oci.OciException;
import io.bootc4j.oci.ProgressListener;
import io.bootc4j.oci.SignatureBlob;
import io.bootc4j.oci.cache.BlobCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code docker://} transport: an image in a registry. Opening resolves mirrors
 * ({@link PullSourceResolver}), fetches the top-level manifest from the first source that has it and
 * pins it, so a tag that moves during the pull cannot mix two images; every later request goes to
 * that source by digest.
 *
 * <p>Thread-safe: blobs may be opened from several threads (see {@link #prefetch}). With a
 * {@link BlobCache} configured on the client, blobs are downloaded once into the cache and served
 * from it, and reading an image manifest starts fetching its blobs in the background (several at
 * a time), so sequential readers still pull in parallel. {@link #close()} stops that.
 */
public final class RegistryImageSource implements ImageSource {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryImageSource.class);

    /** The cosign annotation holding the base64 signature of a sigstore attachment layer. */
    public static final String COSIGN_SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";

    /** Signature payloads larger than this are refused (containers/image's limit). */
    private static final int MAX_SIGNATURE = 4 * 1024 * 1024;

    private final RegistryClient client;
    private final ImageReference reference;
    private final PullSource source;
    private final ManifestBytes top;
    private final Map<Digest, Future<Path>> readAhead = new ConcurrentHashMap<>();
    private ExecutorService readAheadPool;
    private volatile boolean closed;

    private RegistryImageSource(RegistryClient client, ImageReference reference, PullSource source, ManifestBytes top) {
        this.client = client;
        this.reference = reference;
        this.source = source;
        this.top = top;
    }

    static RegistryImageSource open(RegistryClient client, ImageReference ref) throws IOException {
        ImageReference r = ref.tag().isEmpty() && ref.digest().isEmpty() ? ref.withDefaultTag() : ref;
        String wanted = r.digest().map(Digest::toString).orElseGet(() -> r.tag().orElseThrow());
        List<PullSource> sources = client.pullSources(r);
        List<String> failures = new ArrayList<>();
        IOException last = null;
        for (PullSource s : sources) {
            try {
                Optional<ManifestBytes> m = client.findManifest(s, wanted);
                if (m.isPresent()) {
                    if (s.mirror()) {
                        LOG.info("pulling {} from mirror {}", r, s.name());
                    }
                    return new RegistryImageSource(client, r, s, m.get());
                }
                failures.add(s.name() + ": manifest \"" + wanted + "\" not found");
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                if (!s.mirror()) {
                    if (failures.isEmpty()) {
                        throw e;
                    }
                    last = e;
                }
                failures.add(e.getMessage());
                LOG.info("{}: {}", s.name(), e.getMessage());
            }
        }
        if (sources.size() == 1 && last == null) {
            throw new BlobNotFoundException("manifest \"" + wanted + "\"", "docker://" + sources.get(0).name());
        }
        OciException e = new OciException("docker://" + r + ": no source has the image: " + String.join("; ", failures), last);
        throw e;
    }

    @Override
    public String describe() {
        return "docker://" + reference;
    }

    @Override
    public Optional<ImageReference> dockerReference() {
        return Optional.of(reference);
    }

    /** Where the image is actually read from (a mirror or the rewritten primary location). */
    public PullSource source() {
        return source;
    }

    /** The digest of the pinned top-level manifest. */
    public Digest manifestDigest() {
        return top.digest();
    }

    @Override
    public ManifestBytes manifest(Optional<Digest> instance) throws IOException {
        checkOpen();
        ManifestBytes m = instance.isEmpty() || instance.get().equals(top.digest()) ? top
                : client.manifest(source, instance.get().toString());
        if (client.blobCache().isPresent() && MediaType.isImageManifest(m.mediaType())) {
            Manifest parsed = Manifest.parse(m);
            List<Descriptor> blobs = new ArrayList<>();
            blobs.add(parsed.config());
            blobs.addAll(parsed.layers());
            startReadAhead(client.blobCache().get(), blobs);
        }
        return m;
    }

    /**
     * With a blob cache, asking for an image manifest starts fetching its config and layers in
     * the background, {@link RegistryClient#maxConcurrentLayers()} at a time, so that a caller
     * reading blobs one by one (such as {@code ImageCopy}) still has several in flight.
     */
    private synchronized void startReadAhead(BlobCache cache, List<Descriptor> blobs) {
        if (readAheadPool == null) {
            readAheadPool = Executors.newFixedThreadPool(client.maxConcurrentLayers(), daemon("bootc4j-read-ahead-"));
        }
        for (Descriptor d : blobs) {
            if (cache.find(d.digest()).isEmpty()) {
                readAhead.computeIfAbsent(d.digest(), k -> readAheadPool.submit(
                        () -> cache.get(d, () -> client.openBlobUnverified(source, d), ProgressListener.NONE)));
            }
        }
    }

    private java.util.concurrent.ThreadFactory daemon(String prefix) {
        return r -> {
            Thread t = new Thread(r, prefix + source.name());
            t.setDaemon(true);
            return t;
        };
    }

    /** True: blobs may be opened and read from several threads at once. */
    @Override
    public boolean concurrentBlobs() {
        return true;
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        checkOpen();
        Optional<BlobCache> cache = client.blobCache();
        if (cache.isEmpty()) {
            return client.openBlob(source, blob);
        }
        Future<Path> ahead = readAhead.get(blob.digest());
        Path p = ahead != null ? await(ahead) : cache.get().get(blob, () -> client.openBlobUnverified(source, blob), ProgressListener.NONE);
        return DigestingInputStream.verifying(Files.newInputStream(p), blob.digest(), blob.size(),
                cache.get() + " blob " + blob.digest());
    }

    private Path await(Future<Path> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(describe() + ": interrupted while waiting for a blob");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new OciException(describe() + ": blob download failed", c);
        }
    }

    /**
     * Downloads {@code blobs} into the client's {@link BlobCache}, up to
     * {@link RegistryClient#maxConcurrentLayers()} at a time, reporting progress. Blobs already
     * cached (or being fetched by the read-ahead {@link #manifest} started) are reported as
     * skipped. Fails with the first error after cancelling the rest.
     *
     * @throws IllegalStateException when the client has no blob cache
     */
    public void prefetch(List<Descriptor> blobs, ProgressListener progress) throws IOException {
        checkOpen();
        BlobCache cache = client.blobCache().orElseThrow(() -> new IllegalStateException(
                "prefetch needs a BlobCache on the RegistryClient"));
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(client.maxConcurrentLayers(), Math.max(1, blobs.size())),
                daemon("bootc4j-pull-"));
        try {
            List<Future<Path>> futures = new ArrayList<>();
            for (Descriptor d : blobs) {
                futures.add(pool.submit(() -> cache.get(d, () -> client.openBlobUnverified(source, d), progress)));
            }
            for (Future<Path> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    futures.forEach(x -> x.cancel(true));
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) {
                        throw io;
                    }
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new OciException(describe() + ": prefetch failed", c);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(describe() + ": prefetch interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Sigstore signatures attached with cosign's tag scheme: the OCI manifest tagged
     * {@code sha256-HEX.sig} in the same repository, one signature per layer (payload blob plus
     * its annotations, e.g. {@value #COSIGN_SIGNATURE_ANNOTATION}). Empty when there is no such tag.
     */
    @Override
    public List<SignatureBlob> signatures(Optional<Digest> instance) throws IOException {
        checkOpen();
        Digest d = instance.orElse(top.digest());
        String tag = d.algorithm() + "-" + d.hex() + ".sig";
        Optional<ManifestBytes> m = client.findManifest(source, tag);
        if (m.isEmpty()) {
            return List.of();
        }
        String subject = source.name() + ":" + tag;
        if (!m.get().mediaType().equals(MediaType.OCI_MANIFEST)) {
            throw new OciException(subject + ": sigstore attachment manifest has type \"" + m.get().mediaType()
                    + "\", expected " + MediaType.OCI_MANIFEST);
        }
        List<SignatureBlob> out = new ArrayList<>();
        for (Descriptor layer : Manifest.parse(m.get()).layers()) {
            if (layer.size() > MAX_SIGNATURE) {
                throw new OciException(subject + ": signature layer " + layer.digest() + " is " + layer.size()
                        + " bytes, over the " + MAX_SIGNATURE + " limit");
            }
            byte[] payload;
            try (InputStream in = client.openBlob(source, layer)) {
                payload = in.readAllBytes();
            }
            out.add(SignatureBlob.sigstore(layer.mediaType(), payload, layer.annotations()));
        }
        return List.copyOf(out);
    }

    /**
     * Manifests referring to {@code subject} (OCI 1.1 referrers API with the tag-schema fallback),
     * e.g. cosign v3 bundles with {@code artifactType} {@code application/vnd.dev.sigstore.bundle.v0.3+json}.
     */
    public List<Descriptor> referrers(Digest subject, Optional<String> artifactType) throws IOException {
        checkOpen();
        return client.referrers(source, subject, artifactType);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(describe() + " is closed");
        }
    }

    /** Stops background downloads; blobs already cached stay. */
    @Override
    public synchronized void close() {
        closed = true;
        if (readAheadPool != null) {
            readAheadPool.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "RegistryImageSource[" + describe() + " from " + source.name() + " " + top.digest() + "]";
    }
}
