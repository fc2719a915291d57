package io.bootc4j.oci.internal.local;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A read-only tree of files addressed by relative {@code /}-separated paths: a directory on disk
 * or the members of a tar archive. Paths are validated: no absolute names, no {@code ..}, and
 * symlinks never lead outside the tree. Not thread-safe.
 */
interface FileTree extends Closeable {

    /** The size of a regular file, or empty when there is no such file. */
    Optional<Long> size(String path) throws IOException;

    /** Opens a regular file; the caller closes the stream. Empty when there is no such file. */
    Optional<InputStream> open(String path) throws IOException;

    /** Reads a small file whole, failing when it exceeds {@code limit} bytes. */
    default Optional<byte[]> readSmall(String path, int limit) throws IOException {
        Optional<Long> size = size(path);
        if (size.isEmpty()) {
            return Optional.empty();
        }
        if (size.get() > limit) {
            throw new IOException(describe() + ": " + path + " is " + size.get() + " bytes, more than the limit " + limit);
        }
        try (InputStream in = open(path).orElseThrow()) {
            return Optional.of(in.readNBytes(limit + 1));
        }
    }

    /** For messages, e.g. {@code oci-archive:/tmp/x.tar}. */
    String describe();

    /**
     * Normalises a relative member path: strips leading {@code ./} and duplicate slashes,
     * rejects absolute paths, {@code ..}, empty and NUL-containing names.
     *
     * @throws IOException naming the path when it is not acceptable
     */
    static String normalize(String path, String where) throws IOException {
        if (path.indexOf('\0') >= 0) {
            throw new IOException(where + ": path \"" + path.replace('\0', '?') + "\" contains NUL");
        }
        if (path.startsWith("/")) {
            throw new IOException(where + ": absolute path \"" + path + "\" is not allowed");
        }
        StringBuilder out = new StringBuilder();
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                throw new IOException(where + ": path \"" + path + "\" contains \"..\"");
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(c);
        }
        if (out.length() == 0) {
            throw new IOException(where + ": empty path \"" + path + "\"");
        }
        return out.toString();
    }
}
