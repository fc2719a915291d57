package io.bootc4j.oci.layer;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a layer tar, with its name already checked and normalised: relative,
 * {@code /}-separated, no {@code .} or {@code ..} components, no leading {@code ./} or trailing
 * slash. Whiteouts are decoded: for {@link Type#WHITEOUT} {@link #path()} is the path being
 * deleted ({@code dir/.wh.NAME} gives {@code dir/NAME}); for {@link Type#OPAQUE_WHITEOUT} it is
 * the directory whose lower-layer children are hidden ({@code ""} for the root).
 *
 * @param path the normalised path (see above)
 * @param rawName the name exactly as stored in the tar, for messages
 * @param type what the entry is
 * @param size content length for {@link Type#FILE}, else 0
 * @param mode permission bits including setuid/setgid/sticky ({@code 07777})
 * @param uid numeric owner
 * @param gid numeric group
 * @param modified modification time
 * @param linkTarget symlink target verbatim, or the normalised hardlink target path
 * @param xattrs PAX {@code SCHILY.xattr.*} extended attributes, name to raw value
 */
public record LayerEntry(String path, String rawName, Type type, long size, int mode, long uid, long gid,
        Instant modified, Optional<String> linkTarget, Map<String, String> xattrs) {

    /** Entry kinds a layer can hold. */
    public enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO, WHITEOUT, OPAQUE_WHITEOUT }

    /** The prefix marking a whiteout file. */
    public static final String WHITEOUT_PREFIX = ".wh.";
    /** The opaque-directory marker's file name. */
    public static final String OPAQUE_MARKER = ".wh..wh..opq";

    public LayerEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(rawName, "rawName");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(modified, "modified");
        linkTarget = linkTarget == null ? Optional.empty() : linkTarget;
        xattrs = xattrs == null ? Map.of() : Map.copyOf(xattrs);
    }

    public boolean isWhiteout() {
        return type == Type.WHITEOUT || type == Type.OPAQUE_WHITEOUT;
    }
}
