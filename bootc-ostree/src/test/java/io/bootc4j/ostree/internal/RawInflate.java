package io.bootc4j.ostree.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Reads a raw DEFLATE stream back the way ostree reads {@code .filez}: a raw zlib inflater. */
public final class RawInflate {

    private RawInflate() {}

    /** The bytes {@code raw} inflates to; fails if the stream is cut short or followed by other bytes. */
    public static byte[] inflate(byte[] raw) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(raw);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1 << 16];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("stream of " + raw.length + " bytes ends before its final block");
                }
                out.write(buf, 0, n);
            }
            assertThat(inflater.getRemaining()).as("bytes after the final block").isZero();
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
