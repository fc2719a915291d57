package io.bootc4j.oci.layer;

import io.bootc4j.oci.Digest;
import io.bootc4j.oci.UnsafeLayerEntryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a normalised layer path to a location inside the root the way the path would resolve
 * inside the container: each parent component is looked up without following links; a symlink
 * parent is replaced by its target, interpreted relative to the root (an absolute target starts
 * at the root, {@code ..} stops at the root), so no lookup ever leaves the root. The final
 * component is never followed.
 */
final class PathResolver {

    private static final int MAX_SYMLINKS = 40;

    private final Path root;

    PathResolver(Path root) {
        this.root = root;
    }

    /**
     * Where to create {@code path}: its parents resolved (and created as directories when
     * missing), the last component appended unresolved.
     */
    Path resolveForCreate(String path, Optional<Digest> layer, String rawName) throws IOException {
        int slash = path.lastIndexOf('/');
        Path parent = slash < 0 ? root : resolveDirectory(path.substring(0, slash), layer, rawName, true).orElseThrow();
        return parent.resolve(path.substring(slash + 1));
    }

    /** The existing entry at {@code path} (last component not followed), or empty. */
    Optional<Path> resolveExisting(String path, Optional<Digest> layer, String rawName) throws IOException {
        if (path.isEmpty()) {
            return Optional.of(root);
        }
        int slash = path.lastIndexOf('/');
        Optional<Path> parent = slash < 0 ? Optional.of(root) : resolveDirectory(path.substring(0, slash), layer, rawName, false);
        if (parent.isEmpty()) {
            return Optional.empty();
        }
        Path p = parent.get().resolve(path.substring(slash + 1));
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? Optional.of(p) : Optional.empty();
    }

    private Optional<Path> resolveDirectory(String dir, Optional<Digest> layer, String rawName, boolean create)
            throws IOException {
        Deque<String> todo = new ArrayDeque<>(List.of(dir.split("/")));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.removeFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            Path p = join(done).resolve(c);
            if (Files.isSymbolicLink(p)) {
                if (++links > MAX_SYMLINKS) {
                    throw new UnsafeLayerEntryException(layer, rawName, "too many levels of symbolic links in its parents");
                }
                String target = Files.readSymbolicLink(p).toString();
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> parts = List.of(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
                continue;
            }
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                done.add(c);
                continue;
            }
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new UnsafeLayerEntryException(layer, rawName, "parent \"" + String.join("/", done)
                        + (done.isEmpty() ? "" : "/") + c + "\" is not a directory");
            }
            if (!create) {
                return Optional.empty();
            }
            Files.createDirectory(p);
            done.add(c);
        }
        Path resolved = join(done);
        if (!resolved.normalize().startsWith(root.normalize())) {
            throw new UnsafeLayerEntryException(layer, rawName, "path escapes the root");
        }
        return Optional.of(resolved);
    }

    private Path join(List<String> parts) {
        Path p = root;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }
}
