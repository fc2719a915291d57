package io.bootc4j.oci.layer;

import io.bootc4j.oci.CorruptLayerException;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.DigestingInputStream;
import io.bootc4j.oci.OciException;
import io.bootc4j.oci.UnsafeLayerEntryException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Streams the entries of one layer blob (tar, tar+gzip or tar+zstd, detected from the magic
 * bytes) while computing its diff_id, the SHA-256 of the uncompressed tar. Names are checked
 * and normalised ({@link LayerEntry}); a name with a {@code ..} component, an absolute name, a
 * NUL, or an invalid whiteout fails with {@link UnsafeLayerEntryException}; exceeding the
 * {@link LayerLimits} fails the same way; a truncated or garbled stream fails with
 * {@link CorruptLayerException}. Everything stays streaming: memory does not grow with the layer.
 *
 * <p>Not thread-safe. Closing the reader closes the blob stream it was given.
 */
public final class LayerReader implements Closeable {

    private final Optional<Digest> layer;
    private final LayerLimits limits;
    private final InputStream raw;
    private final Compression compression;
    private final DigestingInputStream uncompressed;
    private final TarArchiveInputStream tar;
    private LayerEntry current;
    private long entries;
    private Digest diffId;

    private LayerReader(InputStream blob, Optional<Digest> layer, LayerLimits limits) throws IOException {
        this.layer = layer;
        this.limits = limits;
        BufferedInputStream buffered = new BufferedInputStream(blob, 1 << 16);
        this.raw = buffered;
        this.compression = Compression.detect(buffered);
        InputStream decompressed;
        try {
            decompressed = compression.decompress(buffered);
        } catch (IOException e) {
            throw corrupt("cannot start " + compression + " decompression", e);
        }
        this.uncompressed = DigestingInputStream.hashing(new Budget(decompressed), Digest.SHA256);
        this.tar = new TarArchiveInputStream(uncompressed, StandardCharsets.UTF_8.name());
    }

    /**
     * Opens a reader over {@code blob} (which it closes).
     *
     * @param layer the layer digest, for messages
     */
    public static LayerReader open(InputStream blob, Optional<Digest> layer, LayerLimits limits) throws IOException {
        return new LayerReader(blob, layer, limits);
    }

    public static LayerReader open(InputStream blob, Optional<Digest> layer) throws IOException {
        return open(blob, layer, LayerLimits.DEFAULT);
    }

    /** The compression found in the blob. */
    public Compression compression() {
        return compression;
    }

    public Optional<Digest> layer() {
        return layer;
    }

    /** The next entry, or empty at the end of the tar (after which {@link #diffId()} is known). */
    public Optional<LayerEntry> next() throws IOException {
        while (true) {
            TarArchiveEntry e;
            try {
                e = tar.getNextEntry();
            } catch (UnsafeLayerEntryException | CorruptLayerException x) {
                throw x;
            } catch (IOException | RuntimeException x) {
                throw corrupt("corrupt or truncated " + describeFormat() + " stream after "
                        + (current == null ? "the start" : "entry \"" + current.rawName() + "\"") + ": " + x.getMessage(), x);
            }
            if (e == null) {
                finish();
                current = null;
                return Optional.empty();
            }
            if (++entries > limits.maxEntries()) {
                throw unsafe(e.getName(), "layer has more than " + limits.maxEntries() + " entries");
            }
            Optional<LayerEntry> entry = toEntry(e);
            if (entry.isPresent()) {
                current = entry.get();
                return entry;
            }
        }
    }

    /**
     * The content of the current {@link LayerEntry.Type#FILE} entry. Do not close it; it ends where
     * the entry ends and is invalid after the next call to {@link #next()}.
     */
    public InputStream content() {
        if (current == null) {
            throw new IllegalStateException("no current entry");
        }
        return new FilterInputStream(tar) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (UnsafeLayerEntryException | CorruptLayerException x) {
                    throw x;
                } catch (IOException | RuntimeException x) {
                    throw corrupt("corrupt or truncated " + describeFormat() + " stream in entry \""
                            + current.rawName() + "\": " + x.getMessage(), x);
                }
            }

            @Override
            public void close() {
                // the tar stream stays open for the next entry
            }
        };
    }

    /** The diff_id; reads and hashes the rest of the stream first if needed. */
    public Digest diffId() throws IOException {
        if (diffId == null) {
            while (next().isPresent()) {
                // skip the remaining entries
            }
        }
        return diffId;
    }

    /** Uncompressed bytes read so far. */
    public long uncompressedBytes() {
        return uncompressed.count();
    }

    private void finish() throws IOException {
        if (diffId != null) {
            return;
        }
        try {
            diffId = uncompressed.drain();
            // read the compressed stream to its end so a verifying source stream checks its digest
            raw.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (UnsafeLayerEntryException | CorruptLayerException x) {
            throw x;
        } catch (OciException x) {
            throw x;
        } catch (IOException | RuntimeException x) {
            throw corrupt("corrupt or truncated " + describeFormat() + " stream at its end: " + x.getMessage(), x);
        }
    }

    private String describeFormat() {
        return switch (compression) {
            case NONE -> "tar";
            case GZIP -> "tar+gzip";
            case ZSTD -> "tar+zstd";
        };
    }

    private Optional<LayerEntry> toEntry(TarArchiveEntry e) throws IOException {
        String raw = e.getName();
        if (raw.getBytes(StandardCharsets.UTF_8).length > limits.maxPathLength()) {
            throw unsafe(raw, "name longer than " + limits.maxPathLength() + " bytes");
        }
        if (e.isGlobalPaxHeader()) {
            return Optional.empty();
        }
        String path = normalize(raw, raw);
        String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
        String base = path.substring(path.lastIndexOf('/') + 1);
        LayerEntry.Type type;
        Optional<String> link = Optional.empty();
        if (base.equals(LayerEntry.OPAQUE_MARKER)) {
            return Optional.of(entry(e, parent, LayerEntry.Type.OPAQUE_WHITEOUT, link));
        }
        if (base.startsWith(LayerEntry.WHITEOUT_PREFIX)) {
            String target = base.substring(LayerEntry.WHITEOUT_PREFIX.length());
            if (target.startsWith(LayerEntry.WHITEOUT_PREFIX)) {
                return Optional.empty(); // .wh..wh.* metadata (AUFS plink etc.) is not content
            }
            if (target.isEmpty() || target.equals(".") || target.equals("..")) {
                throw unsafe(raw, "invalid whiteout of \"" + target + "\"");
            }
            return Optional.of(entry(e, parent.isEmpty() ? target : parent + "/" + target, LayerEntry.Type.WHITEOUT, link));
        }
        if (path.isEmpty()) {
            if (e.isDirectory()) {
                return Optional.of(entry(e, "", LayerEntry.Type.DIRECTORY, link));
            }
            throw unsafe(raw, "the root can only be a directory");
        }
        if (e.isSymbolicLink()) {
            type = LayerEntry.Type.SYMLINK;
            if (e.getLinkName().isEmpty() || e.getLinkName().indexOf('\0') >= 0) {
                throw unsafe(raw, "invalid symlink target");
            }
            link = Optional.of(e.getLinkName());
        } else if (e.isLink()) {
            type = LayerEntry.Type.HARDLINK;
            String target = normalize(e.getLinkName(), raw);
            if (target.isEmpty()) {
                throw unsafe(raw, "hardlink to the root");
            }
            link = Optional.of(target);
        } else if (e.isDirectory()) {
            type = LayerEntry.Type.DIRECTORY;
        } else if (e.isCharacterDevice()) {
            type = LayerEntry.Type.CHAR_DEVICE;
        } else if (e.isBlockDevice()) {
            type = LayerEntry.Type.BLOCK_DEVICE;
        } else if (e.isFIFO()) {
            type = LayerEntry.Type.FIFO;
        } else if (e.isFile()) {
            type = LayerEntry.Type.FILE;
        } else {
            throw unsafe(raw, "unsupported tar entry type '" + (char) e.getLinkFlag() + "'");
        }
        return Optional.of(entry(e, path, type, link));
    }

    private LayerEntry entry(TarArchiveEntry e, String path, LayerEntry.Type type, Optional<String> link) {
        Map<String, String> xattrs = new HashMap<>();
        e.getExtraPaxHeaders().forEach((k, v) -> {
            if (k.startsWith("SCHILY.xattr.")) {
                xattrs.put(k.substring("SCHILY.xattr.".length()), v);
            }
        });
        return new LayerEntry(path, e.getName(), type, type == LayerEntry.Type.FILE ? e.getSize() : 0, e.getMode() & 07777,
                e.getLongUserId(), e.getLongGroupId(), e.getLastModifiedDate().toInstant(), link, xattrs);
    }

    /** Strips "./" and trailing "/", rejects absolute names, "..", NUL. */
    private String normalize(String raw, String entryName) throws UnsafeLayerEntryException {
        String what = raw.equals(entryName) ? "" : "link target \"" + raw + "\": ";
        if (raw.indexOf('\0') >= 0) {
            throw unsafe(entryName, what + "name contains NUL");
        }
        if (raw.startsWith("/")) {
            throw unsafe(entryName, what + "absolute path");
        }
        StringBuilder out = new StringBuilder();
        for (String c : raw.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                throw unsafe(entryName, what + "path escapes the root through \"..\"");
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(c);
        }
        return out.toString();
    }

    private UnsafeLayerEntryException unsafe(String name, String reason) {
        return new UnsafeLayerEntryException(layer, name, reason);
    }

    private CorruptLayerException corrupt(String problem, Throwable cause) {
        return new CorruptLayerException(layer, problem, cause);
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    /** Enforces the uncompressed-bytes limit below the tar parser. */
    private final class Budget extends FilterInputStream {
        private long count;

        Budget(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                if (count > limits.maxUncompressedBytes()) {
                    throw unsafe(current == null ? "(header)" : current.rawName(),
                            "layer expands to more than " + limits.maxUncompressedBytes() + " uncompressed bytes");
                }
            }
            return n;
        }
    }
}
