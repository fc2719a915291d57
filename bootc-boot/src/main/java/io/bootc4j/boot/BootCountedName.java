package io.bootc4j.boot;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A boot entry file name with systemd-boot's boot counter: {@code ID+LEFT-DONE.conf} or
 * {@code ID+LEFT.conf} ({@code ID.conf} has no counter). Immutable. See the Boot Loader
 * Specification, "Boot counting", and {@code systemd-bless-boot}.
 */
public record BootCountedName(String id, OptionalInt left, OptionalInt done) {

    private static final Pattern COUNTED = Pattern.compile("(.+)\\+(\\d+)(?:-(\\d+))?");

    public BootCountedName {
        if (id.isEmpty() || id.contains("/")) {
            throw new IllegalArgumentException("invalid entry id \"" + id + "\"");
        }
        if (left.isEmpty() && done.isPresent()) {
            throw new IllegalArgumentException("a done count needs a left count");
        }
    }

    /** Parses a file name ending in {@code .conf}. */
    public static BootCountedName parse(String fileName) {
        String stem = fileName.endsWith(".conf") ? fileName.substring(0, fileName.length() - 5) : fileName;
        Matcher m = COUNTED.matcher(stem);
        if (m.matches()) {
            try {
                OptionalInt left = OptionalInt.of(Integer.parseInt(m.group(2)));
                OptionalInt done = m.group(3) == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(m.group(3)));
                return new BootCountedName(m.group(1), left, done);
            } catch (NumberFormatException e) {
                return new BootCountedName(stem, OptionalInt.empty(), OptionalInt.empty());
            }
        }
        return new BootCountedName(stem, OptionalInt.empty(), OptionalInt.empty());
    }

    /** A fresh counter: {@code ID+TRIES.conf}. */
    public static BootCountedName withTries(String id, int tries) {
        if (tries < 0) {
            throw new IllegalArgumentException("tries must be >= 0");
        }
        return new BootCountedName(id, OptionalInt.of(tries), OptionalInt.empty());
    }

    /** No counter: {@code ID.conf}. */
    public static BootCountedName uncounted(String id) {
        return new BootCountedName(id, OptionalInt.empty(), OptionalInt.empty());
    }

    /** Whether the entry ran out of tries (left = 0): boot loaders sort it last. */
    public boolean isBad() {
        return left.isPresent() && left.getAsInt() == 0;
    }

    /** What the boot loader does when it boots this entry: one try fewer left, one more done. */
    public Optional<BootCountedName> afterBootAttempt() {
        if (left.isEmpty() || left.getAsInt() == 0) {
            return Optional.empty();
        }
        return Optional.of(new BootCountedName(id, OptionalInt.of(left.getAsInt() - 1),
                OptionalInt.of(done.orElse(0) + 1)));
    }

    /** What {@code systemd-bless-boot good} does: the counter is removed. */
    public BootCountedName markGood() {
        return uncounted(id);
    }

    /** What {@code systemd-bless-boot bad} does: no tries left. */
    public BootCountedName markBad() {
        return new BootCountedName(id, OptionalInt.of(0), done);
    }

    /** The file name. */
    public String fileName() {
        StringBuilder out = new StringBuilder(id);
        if (left.isPresent()) {
            out.append('+').append(left.getAsInt());
            if (done.isPresent()) {
                out.append('-').append(done.getAsInt());
            }
        }
        return out.append(".conf").toString();
    }

    @Override
    public String toString() {
        return fileName();
    }
}
