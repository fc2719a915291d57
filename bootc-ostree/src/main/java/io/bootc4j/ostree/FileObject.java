package io.bootc4j.ostree;

import java.io.IOException;
import java.io.InputStream;

/**
 * A content object opened for reading: its header (owner, mode, symlink target, xattrs) and, for
 * a regular file, its content as a stream. The {@code FileObject} owns the stream: closing it
 * closes the stream. Single-thread.
 */
public final class FileObject implements AutoCloseable {

    private final Checksum checksum;
    private final FileHeader header;
    private final long size;
    private final InputStream content;

    /** A content object over {@code content}, which the new object owns. */
    public FileObject(Checksum checksum, FileHeader header, long size, InputStream content) {
        this.checksum = checksum;
        this.header = header;
        this.size = size;
        this.content = content;
    }

    public Checksum checksum() {
        return checksum;
    }

    public FileHeader header() {
        return header;
    }

    /** Content size in bytes (0 for a symlink). */
    public long size() {
        return size;
    }

    public boolean isSymlink() {
        return (header.mode() & 0170000) == 0120000;
    }

    /** The content (empty for a symlink); closed by {@link #close()}. */
    public InputStream content() {
        return content;
    }

    @Override
    public void close() throws IOException {
        content.close();
    }

    @Override
    public String toString() {
        return checksum + ".file";
    }
}
