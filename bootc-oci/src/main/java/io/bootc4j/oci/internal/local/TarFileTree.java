package io.bootc4j.oci.internal.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * A {@link FileTree} over the members of an uncompressed tar file, read in place through random
 * access (nothing is extracted to disk). Symlinked members, which {@code docker save} writes for
 * repeated layers, are followed within the archive only.
 */
final class TarFileTree implements FileTree {

    private static final int MAX_LINK_DEPTH = 16;

    private final TarFile tar;
    private final Map<String, TarArchiveEntry> entries = new HashMap<>();
    private final String describe;

    TarFileTree(Path file, String describe) throws IOException {
        this.describe = describe;
        try {
            this.tar = new TarFile(file);
        } catch (IOException | RuntimeException e) {
            throw new IOException(describe + ": not a readable tar archive: " + e.getMessage(), e);
        }
        for (TarArchiveEntry e : tar.getEntries()) {
            String name;
            try {
                name = FileTree.normalize(e.getName(), describe);
            } catch (IOException bad) {
                continue; // unusable names are simply not addressable
            }
            entries.putIfAbsent(name, e);
        }
    }

    private Optional<TarArchiveEntry> find(String path) throws IOException {
        String name = FileTree.normalize(path, describe);
        for (int depth = 0; depth < MAX_LINK_DEPTH; depth++) {
            TarArchiveEntry e = entries.get(name);
            if (e == null) {
                return Optional.empty();
            }
            // commons-compress calls any non-directory a "file", so links must be recognised first
            if (!e.isSymbolicLink() && !e.isLink()) {
                return e.isFile() && !e.isDirectory() ? Optional.of(e) : Optional.empty();
            }
            String target = e.getLinkName();
            if (e.isSymbolicLink() && !target.startsWith("/")) {
                int slash = name.lastIndexOf('/');
                target = (slash < 0 ? "" : name.substring(0, slash + 1)) + target;
            }
            name = resolveDots(target, path);
        }
        throw new IOException(describe + ": too many levels of links resolving " + path);
    }

    private String resolveDots(String target, String original) throws IOException {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String c : target.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (parts.isEmpty()) {
                    throw new IOException(describe + ": link for " + original + " points outside the archive");
                }
                parts.removeLast();
            } else {
                parts.addLast(c);
            }
        }
        return String.join("/", parts);
    }

    @Override
    public Optional<Long> size(String path) throws IOException {
        return find(path).map(TarArchiveEntry::getSize);
    }

    @Override
    public Optional<InputStream> open(String path) throws IOException {
        Optional<TarArchiveEntry> e = find(path);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(tar.getInputStream(e.get()));
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
