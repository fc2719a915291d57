package io.bootc4j.oci.signature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a policy requirement finds its key (or certificate) material: either files
 * ({@code keyPath}, {@code keyPaths}, {@code caPath}, …) or data inlined in policy.json
 * ({@code keyData}, {@code keyDatas}, …, base64 in the JSON). Immutable; files are read only when
 * a signature is checked, as containers/image does, so a policy naming a missing key file still
 * parses and rejects at evaluation.
 */
public final class KeySource {

    private final String field;
    private final List<Path> paths;
    private final List<byte[]> data;

    private KeySource(String field, List<Path> paths, List<byte[]> data) {
        this.field = field;
        this.paths = List.copyOf(paths);
        List<byte[]> copy = new ArrayList<>();
        data.forEach(d -> copy.add(d.clone()));
        this.data = List.copyOf(copy);
        if (this.paths.isEmpty() == this.data.isEmpty()) {
            throw new IllegalArgumentException(field + ": exactly one of paths or data must be non-empty");
        }
    }

    /** Key files, as named by {@code field} (e.g. {@code "keyPaths"}). */
    public static KeySource ofPaths(String field, List<Path> paths) {
        return new KeySource(field, paths, List.of());
    }

    /** Inline key blobs, as named by {@code field} (e.g. {@code "keyData"}). */
    public static KeySource ofData(String field, List<byte[]> data) {
        return new KeySource(field, List.of(), data);
    }

    /** The policy.json field this material came from. */
    public String field() {
        return field;
    }

    public List<Path> paths() {
        return paths;
    }

    /** Copies of the inline blobs (empty when the source is files). */
    public List<byte[]> data() {
        List<byte[]> out = new ArrayList<>();
        data.forEach(d -> out.add(d.clone()));
        return out;
    }

    /** Reads every blob: the files in order, or the inline data. */
    public List<byte[]> read() throws IOException {
        if (paths.isEmpty()) {
            return data();
        }
        List<byte[]> out = new ArrayList<>();
        for (Path p : paths) {
            out.add(Files.readAllBytes(p));
        }
        return out;
    }

    /** E.g. {@code keyPath /etc/pki/key.gpg} or {@code keyData (1 inline blob)}. */
    @Override
    public String toString() {
        if (!paths.isEmpty()) {
            return field + " " + (paths.size() == 1 ? paths.get(0).toString() : paths.toString());
        }
        return field + " (" + data.size() + " inline blob" + (data.size() == 1 ? "" : "s") + ")";
    }
}
