package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.DirMeta;
import io.bootc4j.ostree.FileHeader;
import io.bootc4j.ostree.Xattrs;

/**
 * How a file's metadata is recorded at commit ({@code _ostree_repo_commit_modifier_apply};
 * reference: ostree-format §3): canonical permissions force uid = gid = 0, mask regular files and
 * directories to 0755 and drop xattrs; {@code --no-xattrs} drops xattrs only. Immutable.
 */
public record TreeModifier(boolean canonicalPermissions, boolean noXattrs) {

    /** ostree's symlink limit is the kernel's: a target is at most {@code PATH_MAX - 1} bytes. */
    public static final int MAX_SYMLINK_TARGET = 4095;

    public boolean readsXattrs() {
        return !canonicalPermissions && !noXattrs;
    }

    public FileHeader regularFile(int uid, int gid, int mode, Xattrs xattrs) {
        if (canonicalPermissions) {
            return new FileHeader(0, 0, mode & (FsEntry.S_IFREG | 0755), 0, "", Xattrs.EMPTY);
        }
        return new FileHeader(uid, gid, mode, 0, "", noXattrs ? Xattrs.EMPTY : xattrs);
    }

    public FileHeader symlink(int uid, int gid, int mode, String target, Xattrs xattrs) {
        if (canonicalPermissions) {
            return new FileHeader(0, 0, mode, 0, target, Xattrs.EMPTY);
        }
        return new FileHeader(uid, gid, mode, 0, target, noXattrs ? Xattrs.EMPTY : xattrs);
    }

    public DirMeta directory(int uid, int gid, int mode, Xattrs xattrs) {
        if (canonicalPermissions) {
            return new DirMeta(0, 0, mode & (FsEntry.S_IFDIR | 0755), Xattrs.EMPTY);
        }
        return new DirMeta(uid, gid, mode, noXattrs ? Xattrs.EMPTY : xattrs);
    }
}
