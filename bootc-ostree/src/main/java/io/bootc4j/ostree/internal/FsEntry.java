package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Xattrs;
import io.bootc4j.ostree.internal.nativeio.LinuxFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What ostree reads from a file on disk for its header: {@code lstat} (owner, full
 * {@code st_mode}, size) and, for symlinks, the target. One {@code lstat} per call.
 */
public record FsEntry(int uid, int gid, int mode, long size, String symlinkTarget) {

    public static final int S_IFMT = 0170000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;

    /** {@code lstat} of {@code path}; the target is read for symlinks, null otherwise. */
    public static FsEntry lstat(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,size", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        String target = (mode & S_IFMT) == S_IFLNK ? Files.readSymbolicLink(path).toString() : null;
        return new FsEntry((Integer) a.get("uid"), (Integer) a.get("gid"), mode, (Long) a.get("size"), target);
    }

    public boolean isDirectory() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    public boolean isRegularFile() {
        return (mode & S_IFMT) == S_IFREG;
    }

    public boolean isSymlink() {
        return (mode & S_IFMT) == S_IFLNK;
    }

    /** Every xattr of {@code path} (not following symlinks) as ostree records them: sorted, empty values dropped. */
    public static Xattrs readXattrs(Path path) throws IOException {
        List<String> names = LinuxFiles.listXattrs(path);
        if (names.isEmpty()) {
            return Xattrs.EMPTY;
        }
        Map<String, byte[]> map = new LinkedHashMap<>();
        for (String n : names) {
            LinuxFiles.getXattr(path, n).ifPresent(v -> map.put(n, v));
        }
        return Xattrs.ofFilesystem(map);
    }

    /** Sets every xattr on {@code path} (not following symlinks). */
    public static void writeXattrs(Path path, Xattrs xattrs) throws IOException {
        for (Xattrs.Xattr x : xattrs.entries()) {
            LinuxFiles.setXattr(path, x.name(), x.value());
        }
    }
}
