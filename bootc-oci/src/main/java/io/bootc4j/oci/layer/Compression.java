package io.bootc4j.oci.layer;

import com.github.luben.zstd.ZstdInputStream;
import io.bootc4j.oci.MediaType;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Layer compression, detected from magic bytes as containers/image does rather than trusted
 * from the media type: gzip {@code 1f 8b}, zstd {@code 28 b5 2f fd}, anything else is taken as
 * an uncompressed tar.
 */
public enum Compression {
    NONE,
    GZIP,
    ZSTD;

    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

    /** Detects the compression of a stream that supports mark/reset (the position is restored). */
    public static Compression detect(InputStream in) throws IOException {
        if (!in.markSupported()) {
            throw new IllegalArgumentException("detect() needs a stream with mark/reset support");
        }
        in.mark(8);
        byte[] head = in.readNBytes(4);
        in.reset();
        if (head.length >= 2 && Arrays.equals(Arrays.copyOf(head, 2), GZIP_MAGIC)) {
            return GZIP;
        }
        if (head.length == 4 && Arrays.equals(head, ZSTD_MAGIC)) {
            return ZSTD;
        }
        return NONE;
    }

    /** The compression a layer media type declares. */
    public static Compression ofMediaType(String mediaType) {
        if (MediaType.isGzipLayer(mediaType)) {
            return GZIP;
        }
        if (MediaType.isZstdLayer(mediaType)) {
            return ZSTD;
        }
        return NONE;
    }

    /**
     * Wraps {@code in} with a decompressor for this compression. Closing the result closes
     * {@code in}. Multi-member gzip streams are read entirely.
     */
    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
            case ZSTD -> new ZstdInputStream(in);
        };
    }

    /** Detects and decompresses in one step; closing the result closes {@code in}. */
    public static InputStream autoDecompress(InputStream in) throws IOException {
        BufferedInputStream buffered = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 1 << 16);
        return detect(buffered).decompress(buffered);
    }
}
