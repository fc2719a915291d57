package io.bootc4j.ostree;

import io.bootc4j.ostree.internal.KeyFile;
import java.util.List;
import java.util.Optional;

/**
 * A repository's {@code config} file (GKeyFile; reference: ostree-format §1.2), immutable. Known
 * keys have typed accessors with ostree's defaults; every other key is kept and written back
 * unchanged. {@link #toText()} of a fresh config is byte-identical to what {@code ostree init}
 * writes.
 */
public final class RepoConfig {

    private final String text;
    private final RepoMode mode;
    private final boolean fsync;
    private final boolean perObjectFsync;
    private final boolean disableXattrs;
    private final boolean locking;
    private final int lockTimeoutSeconds;
    private final int zlibLevel;

    private RepoConfig(KeyFile kf, String source) {
        this.text = kf.toText();
        String version = kf.get("core", "repo_version").orElseThrow(
                () -> new IllegalArgumentException(source + ": missing [core] repo_version"));
        if (!version.strip().equals("1")) {
            throw new IllegalArgumentException(source + ": unsupported repo_version=" + version + " (only 1 exists)");
        }
        if (kf.getBoolean("core", "archive", source).orElse(false)) {
            throw new IllegalArgumentException(source + ": core.archive=true is the pre-2013 format ostree no longer reads");
        }
        String modeName = kf.get("core", "mode").orElse("bare");
        this.mode = RepoMode.tryParse(modeName).orElseThrow(() -> new UnknownModeException(modeName));
        this.fsync = kf.getBoolean("core", "fsync", source).orElse(true);
        this.perObjectFsync = kf.getBoolean("core", "per-object-fsync", source).orElse(false);
        this.disableXattrs = kf.getBoolean("core", "disable-xattrs", source).orElse(false);
        this.locking = kf.getBoolean("core", "locking", source).orElse(true);
        this.lockTimeoutSeconds = intValue(kf, "core", "lock-timeout-secs", 30, source);
        this.zlibLevel = Math.max(1, Math.min(9, intValue(kf, "archive", "zlib-level", 6, source)));
    }

    /** Thrown by the constructor for a well-formed file naming a mode this version does not know. */
    static final class UnknownModeException extends IllegalArgumentException {
        final String modeName;

        UnknownModeException(String modeName) {
            super("unknown repository mode \"" + modeName + "\"");
            this.modeName = modeName;
        }
    }

    /** The config {@code ostree init --mode=MODE} writes. */
    public static RepoConfig forMode(RepoMode mode) {
        KeyFile kf = KeyFile.empty().set("core", "repo_version", "1").set("core", "mode", mode.configName());
        return new RepoConfig(kf, "new config");
    }

    /**
     * Parses config text; {@code source} names it in messages.
     *
     * @throws IllegalArgumentException when the text is malformed, the version unsupported, or the
     *     mode unknown; the message names {@code source} and the offending line or key
     */
    public static RepoConfig parse(String text, String source) {
        return new RepoConfig(KeyFile.parse(text, source), source);
    }

    public RepoMode mode() {
        return mode;
    }

    /** {@code core.fsync} (default true): false skips every fsync/syncfs, as {@code ostree --fsync=false}. */
    public boolean fsync() {
        return fsync;
    }

    /** {@code core.per-object-fsync} (default false): fsync each object instead of one syncfs per transaction. */
    public boolean perObjectFsync() {
        return perObjectFsync;
    }

    /** {@code core.disable-xattrs} (default false): ignore xattrs entirely. */
    public boolean disableXattrs() {
        return disableXattrs;
    }

    /** {@code core.locking} (default true): take the repository {@code .lock}. */
    public boolean locking() {
        return locking;
    }

    /** {@code core.lock-timeout-secs} (default 30). */
    public int lockTimeoutSeconds() {
        return lockTimeoutSeconds;
    }

    /** {@code archive.zlib-level}, clamped to 1..9 (default 6). */
    public int zlibLevel() {
        return zlibLevel;
    }

    /** {@code core.collection-id}, if set. */
    public Optional<String> collectionId() {
        return get("core", "collection-id");
    }

    /** Any key, raw (unescaped) value. */
    public Optional<String> get(String group, String key) {
        return KeyFile.parse(text, "config").get(group, key);
    }

    /** The group names in file order, e.g. {@code core}, {@code remote "origin"}. */
    public List<String> groups() {
        return KeyFile.parse(text, "config").groupNames();
    }

    /** A copy with {@code [group] key=value} set (validated again: setting an unknown mode fails). */
    public RepoConfig with(String group, String key, String value) {
        return new RepoConfig(KeyFile.parse(text, "config").set(group, key, value), "config");
    }

    /** The file text. */
    public String toText() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RepoConfig c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    private static int intValue(KeyFile kf, String group, String key, int dflt, String source) {
        Optional<String> v = kf.get(group, key);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.get().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": [" + group + "] " + key + "=\"" + v.get() + "\" is not an integer", e);
        }
    }
}
