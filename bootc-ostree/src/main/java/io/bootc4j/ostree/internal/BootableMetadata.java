package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Metadata;
import io.bootc4j.ostree.MetadataValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys {@code ostree commit --bootable} adds ({@code ostree.linux}, {@code ostree.bootable})
 * and the key order that results. ostree builds them in a {@code GVariantDict}, whose
 * {@code end()} walks a GLib hash table, so the serialized order is the table's slot order
 * (reference: ostree-format §4.2): {@code g_str_hash} (djb2 over signed chars), slot
 * {@code (hash * 11) mod prime}, quadratic probing by {@code step = 1, 2, …} masked to the
 * table size, table of 8 slots (prime 7) until it grows. Exact for up to 7 keys, the size at
 * which GLib resizes; beyond that the order is GLib's after a rebuild from slot order, which
 * matches for the common case but is not verified.
 */
public final class BootableMetadata {

    private static final int[] PRIME_MOD = {1, 2, 3, 7, 13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381};

    private BootableMetadata() {}

    /** The first {@code usr/lib/modules/KVER} (directory order) holding a regular file {@code vmlinuz}. */
    public static Optional<String> kernelVersion(Path root) throws IOException {
        Path modules = root.resolve("usr/lib/modules");
        if (!Files.isDirectory(modules, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(modules)) {
            for (Path k : ds) {
                if (Files.isRegularFile(k.resolve("vmlinuz"), LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(k.getFileName().toString());
                }
            }
        }
        return Optional.empty();
    }

    /** {@code metadata} plus {@code ostree.linux = kver} and {@code ostree.bootable = true}, in hash-table order. */
    public static Metadata addBootableKeys(Metadata metadata, String kver) {
        Map<String, MetadataValue> dict = new LinkedHashMap<>();
        for (Metadata.Entry e : metadata.entries()) {
            dict.put(e.key(), e.value());
        }
        dict.put("ostree.linux", new MetadataValue.Text(kver));
        dict.put("ostree.bootable", new MetadataValue.Bool(true));
        Metadata.Builder b = Metadata.builder();
        for (String key : hashTableOrder(new ArrayList<>(dict.keySet()))) {
            b.put(key, dict.get(key));
        }
        return b.build();
    }

    /** The iteration order of a GLib {@code GHashTable} with string keys inserted in {@code insertionOrder}. */
    static List<String> hashTableOrder(List<String> insertionOrder) {
        int shift = 3;
        String[] table = new String[1 << shift];
        int count = 0;
        for (String key : insertionOrder) {
            insert(table, PRIME_MOD[shift], key);
            count++;
            if (table.length <= count + count / 16) {
                int newShift = Math.max(3, bits(count * 2));
                String[] bigger = new String[1 << newShift];
                for (String k : table) {
                    if (k != null) {
                        insert(bigger, PRIME_MOD[newShift], k);
                    }
                }
                table = bigger;
                shift = newShift;
            }
        }
        List<String> out = new ArrayList<>();
        for (String k : table) {
            if (k != null) {
                out.add(k);
            }
        }
        return out;
    }

    private static void insert(String[] table, int mod, String key) {
        int hash = strHash(key);
        if (Integer.compareUnsigned(hash, 2) < 0) {
            hash = 2;
        }
        int mask = table.length - 1;
        int idx = (int) (Integer.toUnsignedLong(hash * 11) % mod);
        int step = 0;
        while (table[idx] != null) {
            if (table[idx].equals(key)) {
                return;
            }
            step++;
            idx = (idx + step) & mask;
        }
        table[idx] = key;
    }

    static int strHash(String s) {
        int h = 5381;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h << 5) + h + b;
        }
        return h;
    }

    private static int bits(int n) {
        int i = 0;
        while (n != 0) {
            n >>>= 1;
            i++;
        }
        return i;
    }
}
