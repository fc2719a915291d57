package io.bootc4j.oci.layer;

import io.bootc4j.oci.Digest;
import io.bootc4j.oci.UnsafeLayerEntryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a stack of layers to a directory as the OCI spec's {@code layer.md} describes
 * (whiteouts delete lower-layer paths, opaque markers hide a directory's lower-layer children,
 * a non-directory replaces whatever was at its path) without ever writing outside the root:
 * entry names with {@code ..} or absolute names are refused, every parent component is resolved
 * inside the root with symlinks interpreted relative to the root (as they would be inside the
 * container), the final component is never followed, hardlinks may only point to existing
 * non-directories inside the root, and {@link LayerLimits} bound the total bytes and entries of
 * the whole stack. Modes keep setuid/setgid/sticky; only {@code user.*} xattrs are applied; device
 * nodes and FIFOs are skipped (Java cannot create them); ownership is applied only when
 * {@link Builder#preserveOwnership(boolean)} is set.
 *
 * <p>One instance applies one stack into one fresh, private directory; totals accumulate over
 * {@link #apply} calls. Not thread-safe.
 */
public final class LayerExtractor {

    private static final Logger LOG = LoggerFactory.getLogger(LayerExtractor.class);

    private final Path root;
    private final LayerLimits limits;
    private final boolean preserveOwnership;
    private final PathResolver resolver;
    private long bytesSoFar;
    private long entriesSoFar;

    private LayerExtractor(Builder b) {
        this.root = b.root;
        this.limits = b.limits;
        this.preserveOwnership = b.preserveOwnership;
        this.resolver = new PathResolver(b.root);
    }

    public static Builder into(Path root) {
        return new Builder(root);
    }

    /** What one {@link #apply} call did. */
    public record Result(Digest diffId, Compression compression, long entries, long uncompressedBytes, long skipped) {
    }

    /**
     * Applies one layer blob (read to its end and closed) on top of what is in the root.
     *
     * @param layer the layer's digest, for messages
     * @throws UnsafeLayerEntryException naming layer and entry when an entry is refused
     * @throws io.bootc4j.oci.CorruptLayerException when the blob is not a readable layer
     */
    public Result apply(InputStream blob, Optional<Digest> layer) throws IOException {
        LayerLimits remaining = new LayerLimits(Math.max(1, limits.maxUncompressedBytes() - bytesSoFar),
                Math.max(1, limits.maxEntries() - entriesSoFar), limits.maxPathLength());
        Set<String> writtenHere = new HashSet<>();
        List<LayerEntry> opaque = new ArrayList<>();
        List<Object[]> dirTimes = new ArrayList<>();
        long count = 0;
        long skipped = 0;
        try (LayerReader reader = LayerReader.open(blob, layer, remaining)) {
            Optional<LayerEntry> next;
            while ((next = reader.next()).isPresent()) {
                LayerEntry e = next.get();
                count++;
                if (!applyEntry(reader, e, layer, writtenHere, opaque, dirTimes)) {
                    skipped++;
                }
            }
            Digest diffId = reader.diffId();
            for (LayerEntry o : opaque) {
                clearLowerChildren(o, layer, writtenHere);
            }
            for (int i = dirTimes.size() - 1; i >= 0; i--) {
                setTimes((Path) dirTimes.get(i)[0], (LayerEntry) dirTimes.get(i)[1]);
            }
            bytesSoFar += reader.uncompressedBytes();
            entriesSoFar += count;
            return new Result(diffId, reader.compression(), count, reader.uncompressedBytes(), skipped);
        }
    }

    private boolean applyEntry(LayerReader reader, LayerEntry e, Optional<Digest> layer, Set<String> writtenHere,
            List<LayerEntry> opaque, List<Object[]> dirTimes) throws IOException {
        switch (e.type()) {
            case OPAQUE_WHITEOUT -> {
                opaque.add(e);
                return true;
            }
            case WHITEOUT -> {
                Optional<Path> target = resolver.resolveExisting(e.path(), layer, e.rawName());
                if (target.isPresent()) {
                    deleteRecursively(target.get());
                }
                return true;
            }
            case CHAR_DEVICE, BLOCK_DEVICE, FIFO -> {
                LOG.debug("layer {}: skipping {} entry {}", layer.map(Digest::toString).orElse("?"), e.type(), e.rawName());
                return false;
            }
            default -> {
                // handled below
            }
        }
        if (e.path().isEmpty()) {
            dirTimes.add(new Object[] {root, e});
            return true;
        }
        Path target = resolver.resolveForCreate(e.path(), layer, e.rawName());
        writtenHere.add(e.path());
        boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (exists) {
            boolean bothDirs = e.type() == LayerEntry.Type.DIRECTORY && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
            if (!bothDirs) {
                deleteRecursively(target);
                exists = false;
            }
        }
        switch (e.type()) {
            case DIRECTORY -> {
                if (!exists) {
                    Files.createDirectory(target);
                }
                applyMetadata(target, e);
                dirTimes.add(new Object[] {target, e});
            }
            case FILE -> {
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)) {
                    reader.content().transferTo(out);
                }
                applyMetadata(target, e);
                setTimes(target, e);
            }
            case SYMLINK -> {
                Files.createSymbolicLink(target, Path.of(e.linkTarget().orElseThrow()));
                if (preserveOwnership) {
                    chown(target, e);
                }
                setTimes(target, e);
            }
            case HARDLINK -> {
                String linkPath = e.linkTarget().orElseThrow();
                Optional<Path> existing = resolver.resolveExisting(linkPath, layer, e.rawName());
                if (existing.isEmpty()) {
                    throw new UnsafeLayerEntryException(layer, e.rawName(), "hardlink target \"" + linkPath + "\" does not exist in the root");
                }
                if (Files.isDirectory(existing.get(), LinkOption.NOFOLLOW_LINKS)) {
                    throw new UnsafeLayerEntryException(layer, e.rawName(), "hardlink target \"" + linkPath + "\" is a directory");
                }
                try {
                    Files.createLink(target, existing.get());
                } catch (FileAlreadyExistsException x) {
                    throw new UnsafeLayerEntryException(layer, e.rawName(), "hardlink path already exists");
                }
            }
            default -> throw new IllegalStateException("unhandled " + e.type());
        }
        return true;
    }

    /** Owner first (chown clears setuid/setgid), then the full mode, then {@code user.*} xattrs. */
    private void applyMetadata(Path target, LayerEntry e) throws IOException {
        if (preserveOwnership) {
            chown(target, e);
        }
        Files.setAttribute(target, "unix:mode", e.mode() & 07777, LinkOption.NOFOLLOW_LINKS);
        if (!e.xattrs().isEmpty()) {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(target, UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            for (Map.Entry<String, String> x : e.xattrs().entrySet()) {
                // only the unprivileged user namespace: security.* or trusted.* from an image is not applied
                if (view != null && x.getKey().startsWith("user.")) {
                    view.write(x.getKey().substring(5), ByteBuffer.wrap(x.getValue().getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
    }

    private static void chown(Path target, LayerEntry e) throws IOException {
        Files.setAttribute(target, "unix:uid", (int) e.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(target, "unix:gid", (int) e.gid(), LinkOption.NOFOLLOW_LINKS);
    }

    private void clearLowerChildren(LayerEntry opaque, Optional<Digest> layer, Set<String> writtenHere) throws IOException {
        Optional<Path> dir = resolver.resolveExisting(opaque.path(), layer, opaque.rawName());
        if (dir.isEmpty() || !Files.isDirectory(dir.get(), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String prefix = opaque.path().isEmpty() ? "" : opaque.path() + "/";
        try (var children = Files.list(dir.get())) {
            for (Path child : children.toList()) {
                String rel = prefix + child.getFileName();
                if (!writtenHere.contains(rel)) {
                    deleteRecursively(child);
                }
            }
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (var children = Files.list(p)) {
                for (Path c : children.toList()) {
                    deleteRecursively(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }

    private static void setTimes(Path p, LayerEntry e) throws IOException {
        FileTime t = FileTime.from(e.modified());
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(t, t, null);
    }

    /** Configures an extractor. */
    public static final class Builder {
        private final Path root;
        private LayerLimits limits = LayerLimits.DEFAULT;
        private boolean preserveOwnership;

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        /** Limits for the whole stack applied through this extractor. */
        public Builder limits(LayerLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /** Apply tar uid/gid (needs root). Off by default. */
        public Builder preserveOwnership(boolean value) {
            this.preserveOwnership = value;
            return this;
        }

        /**
         * @throws IOException when the root is not an existing directory
         */
        public LayerExtractor build() throws IOException {
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("extraction root " + root + " is not a directory");
            }
            return new LayerExtractor(this);
        }
    }
}
