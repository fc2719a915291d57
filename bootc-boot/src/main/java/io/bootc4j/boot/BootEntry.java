package io.bootc4j.boot;

import io.bootc4j.boot.internal.VersionOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One Boot Loader Specification Type 1 entry ({@code loader/entries/*.conf}): an ordered list of
 * {@code key value} lines. Immutable; every key the specification defines has an accessor, and
 * unknown keys are kept in their order.
 *
 * <p>{@link #render()} writes the entry the way libostree 2022.7 does
 * ({@code ostree_bootconfig_parser_write_at}): {@code title, version, options, devicetree, linux,
 * initrd}, then the further {@code initrd} lines, then every other key in this entry's order; one
 * space between key and value, every line {@code \n}-terminated. An entry ostree wrote re-renders
 * byte for byte. See <a href="https://uapi-group.org/specifications/specs/boot_loader_specification/">the
 * Boot Loader Specification</a>.
 */
public final class BootEntry {

    /** The key order libostree writes. */
    private static final List<String> OSTREE_KEY_ORDER =
            List.of("title", "version", "options", "devicetree", "linux", "initrd");
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

    /**
     * libostree's order of its own entries: {@code version} descending by {@code strverscmp},
     * entries without a version last ({@code compare_boot_loader_configs}, {@code ostree-sysroot.c}).
     */
    public static final Comparator<BootEntry> OSTREE_ORDER = (a, b) -> {
        Optional<String> va = a.version();
        Optional<String> vb = b.version();
        if (va.isPresent() && vb.isPresent()) {
            return -VersionOrder.strverscmp(va.get(), vb.get());
        }
        return va.isPresent() ? -1 : vb.isPresent() ? 1 : 0;
    };

    private final List<Map.Entry<String, String>> lines;

    private BootEntry(List<Map.Entry<String, String>> lines) {
        this.lines = List.copyOf(lines);
    }

    /**
     * Parses an entry. {@code source} names the input in error messages (usually the file path).
     * Lines are {@code key value} (separated by the first space or tab, leading whitespace
     * ignored); blank lines and lines starting with {@code #} are ignored. Refused, with the line: a line that is neither, a key
     * without a value, {@code options} with an unbalanced double quote, and an entry without
     * {@code linux} or {@code efi}.
     */
    public static BootEntry parse(String source, String text) throws BootFileFormatException {
        List<Map.Entry<String, String>> lines = new ArrayList<>();
        String[] raw = text.split("\n", -1);
        int count = text.endsWith("\n") ? raw.length - 1 : raw.length;
        for (int i = 0; i < count; i++) {
            // systemd's parser strips leading whitespace; ostree skips such lines. Accept them as systemd does.
            String line = raw[i].stripLeading();
            int no = i + 1;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int sep = indexOfSeparator(line);
            String key = sep < 0 ? line : line.substring(0, sep);
            if (!KEY.matcher(key).matches()) {
                throw new BootFileFormatException(source, no, "malformed line \"" + line + "\": expected KEY VALUE");
            }
            String value = sep < 0 ? "" : line.substring(sep + 1);
            if (value.isBlank()) {
                throw new BootFileFormatException(source, no, "key \"" + key + "\" has no value");
            }
            if (key.equals("options")) {
                Optional<String> problem = KernelArgs.problemWith(value);
                if (problem.isPresent()) {
                    throw new BootFileFormatException(source, no, "options: " + problem.get());
                }
            }
            lines.add(Map.entry(key, value));
        }
        BootEntry entry = new BootEntry(lines);
        if (entry.linux().isEmpty() && entry.efi().isEmpty()) {
            throw new BootFileFormatException(source, Math.max(count, 1),
                    "entry has no \"linux\" (or \"efi\") key");
        }
        return entry;
    }

    private static int indexOfSeparator(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                return i;
            }
        }
        return -1;
    }

    public static Builder builder() {
        return new Builder(List.of());
    }

    /** A builder that starts from this entry's lines. */
    public Builder toBuilder() {
        return new Builder(lines);
    }

    /** The entry in libostree's writing format (see the class comment). */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (String key : OSTREE_KEY_ORDER) {
            for (Map.Entry<String, String> line : lines) {
                if (line.getKey().equals(key)) {
                    out.append(key).append(' ').append(line.getValue()).append('\n');
                }
            }
        }
        for (Map.Entry<String, String> line : lines) {
            if (!OSTREE_KEY_ORDER.contains(line.getKey())) {
                out.append(line.getKey()).append(' ').append(line.getValue()).append('\n');
            }
        }
        return out.toString();
    }

    /** Every line as parsed or built, in order. */
    public List<Map.Entry<String, String>> lines() {
        return lines;
    }

    /** The last value of {@code key} (libostree and the specification let a later line win). */
    public Optional<String> get(String key) {
        String found = null;
        for (Map.Entry<String, String> line : lines) {
            if (line.getKey().equals(key)) {
                found = line.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Every value of {@code key}, in order. */
    public List<String> getAll(String key) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> line : lines) {
            if (line.getKey().equals(key)) {
                values.add(line.getValue());
            }
        }
        return List.copyOf(values);
    }

    public Optional<String> title() {
        return get("title");
    }

    public Optional<String> version() {
        return get("version");
    }

    public Optional<String> machineId() {
        return get("machine-id");
    }

    public Optional<String> sortKey() {
        return get("sort-key");
    }

    public Optional<String> linux() {
        return get("linux");
    }

    public List<String> initrds() {
        return getAll("initrd");
    }

    public Optional<String> efi() {
        return get("efi");
    }

    /** The {@code options} lines, in order; the kernel sees them joined by spaces. */
    public List<String> options() {
        return getAll("options");
    }

    /** All {@code options} lines as one kernel command line. */
    public KernelArgs kernelArgs() {
        return KernelArgs.parse(String.join(" ", options()));
    }

    public Optional<String> devicetree() {
        return get("devicetree");
    }

    public List<String> devicetreeOverlays() {
        return getAll("devicetree-overlay");
    }

    public Optional<String> architecture() {
        return get("architecture");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BootEntry other && lines.equals(other.lines);
    }

    @Override
    public int hashCode() {
        return lines.hashCode();
    }

    @Override
    public String toString() {
        return render();
    }

    /** Builds an entry; {@link #build()} validates keys and values. Not thread-safe. */
    public static final class Builder {
        private final List<Map.Entry<String, String>> lines;

        private Builder(List<Map.Entry<String, String>> start) {
            this.lines = new ArrayList<>(start);
        }

        /** Sets a single-valued key, replacing every earlier line with that key in place of the first. */
        public Builder set(String key, String value) {
            checkLine(key, value);
            int at = -1;
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).getKey().equals(key)) {
                    lines.remove(i);
                    at = i;
                }
            }
            Map.Entry<String, String> line = Map.entry(key, value);
            if (at < 0) {
                lines.add(line);
            } else {
                lines.add(at, line);
            }
            return this;
        }

        /** Adds one more line with {@code key} (for {@code initrd}, {@code options}, overlays, unknown keys). */
        public Builder add(String key, String value) {
            checkLine(key, value);
            lines.add(Map.entry(key, value));
            return this;
        }

        /** Removes every line with {@code key}. */
        public Builder remove(String key) {
            lines.removeIf(l -> l.getKey().equals(key));
            return this;
        }

        public Builder title(String v) {
            return set("title", v);
        }

        public Builder version(String v) {
            return set("version", v);
        }

        public Builder machineId(String v) {
            return set("machine-id", v);
        }

        public Builder sortKey(String v) {
            return set("sort-key", v);
        }

        public Builder linux(String v) {
            return set("linux", v);
        }

        public Builder initrd(String v) {
            return add("initrd", v);
        }

        public Builder efi(String v) {
            return set("efi", v);
        }

        /** Replaces all {@code options} lines with one. */
        public Builder options(KernelArgs args) {
            return set("options", args.toString());
        }

        public Builder devicetree(String v) {
            return set("devicetree", v);
        }

        public Builder devicetreeOverlay(String v) {
            return add("devicetree-overlay", v);
        }

        public Builder architecture(String v) {
            return set("architecture", v);
        }

        /** The entry; throws {@link IllegalStateException} when it has neither {@code linux} nor {@code efi}. */
        public BootEntry build() {
            BootEntry entry = new BootEntry(lines);
            if (entry.linux().isEmpty() && entry.efi().isEmpty()) {
                throw new IllegalStateException("boot entry has no \"linux\" (or \"efi\") key: " + lines);
            }
            return entry;
        }

        private static void checkLine(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("invalid boot entry key \"" + key + "\"");
            }
            if (value.isBlank() || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0
                    || value.charAt(0) == ' ' || value.charAt(0) == '\t') {
                throw new IllegalArgumentException("invalid value for boot entry key \"" + key + "\": \""
                        + value + "\"");
            }
            if (key.equals("options") && KernelArgs.problemWith(value).isPresent()) {
                throw new IllegalArgumentException("options \"" + value + "\": "
                        + KernelArgs.problemWith(value).get());
            }
        }
    }
}
