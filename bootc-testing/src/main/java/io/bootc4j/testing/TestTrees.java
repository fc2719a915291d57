package io.bootc4j.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.SplittableRandom;

/**
 * Builds synthetic file trees for tests, deterministically from a seed (same seed, same names,
 * contents, modes and xattrs; only timestamps differ), and compares trees.
 *
 * <p>{@link #everyKind} holds each kind of entry an OS image or an OSTree commit can carry:
 * regular, empty, large (4 MiB pseudo-random), executable, setuid ({@code 04755}), setgid,
 * {@code 0600} and {@code 0700} entries, a sticky {@code 01777} directory, relative, absolute,
 * dangling, directory and 1000-character symlinks, hardlinks (in one directory and across two),
 * 40 levels of nesting, UTF-8 names, names whose byte order differs from locale order
 * ({@code B a _x Ä}), and {@code user.*} xattrs on files and directories. When run as root it
 * also holds an entry owned by {@code 1000:1000}.
 *
 * <p>{@link #realisticOs} is a small bootable-looking tree in the shape of an OSTree commit
 * ({@code /etc} under {@code usr/etc}); {@link #realisticContainerRootfs} the same with a
 * top-level {@code etc}, as a container image carries it.
 */
public final class TestTrees {

    /** Size of the large file in {@link #everyKind}. */
    public static final int LARGE_FILE_SIZE = 4 << 20;
    /** The kernel version under {@code usr/lib/modules} in {@link #realisticOs}. */
    public static final String KERNEL_VERSION = "6.1.0-bootc4j-test";

    /** What {@link #assertSameTree} may ignore. */
    public enum Compare {
        /** Do not compare uid/gid (for checkouts in user mode). */
        IGNORE_OWNERSHIP,
        /** Do not compare {@code user.*} xattrs. */
        IGNORE_XATTRS,
        /** Do not compare permission bits of directories (for tools that normalise them). */
        IGNORE_DIRECTORY_MODES
    }

    private TestTrees() {}

    /** The seed of the overloads that take none. */
    public static final long DEFAULT_SEED = 1;

    /** {@link #everyKind(Path, long)} with {@link #DEFAULT_SEED}. */
    public static Path everyKind(Path dir) {
        return everyKind(dir, DEFAULT_SEED);
    }

    /** {@link #realisticOs(Path, long)} with {@link #DEFAULT_SEED}. */
    public static Path realisticOs(Path dir) {
        return realisticOs(dir, DEFAULT_SEED);
    }

    /** Fills {@code dir} (created if missing) with every kind of entry; returns {@code dir}. */
    public static Path everyKind(Path dir, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try {
            Files.createDirectories(dir);
            file(dir.resolve("regular.txt"), text(random, 200), 0644);
            file(dir.resolve("empty"), new byte[0], 0644);
            largeFile(dir.resolve("large.bin"), LARGE_FILE_SIZE, random.nextLong());
            file(dir.resolve("run.sh"), "#!/bin/sh\necho hello\n".getBytes(StandardCharsets.UTF_8), 0755);
            file(dir.resolve("setuid-helper"), text(random, 64), 04755);
            file(dir.resolve("setgid-helper"), text(random, 64), 02755);
            file(dir.resolve("secret-0600"), text(random, 32), 0600);
            Path privateDir = directory(dir.resolve("private-0700"), 0700);
            file(privateDir.resolve("inside"), text(random, 16), 0644);
            directory(dir.resolve("sticky-tmp"), 01777);

            Path links = directory(dir.resolve("links"), 0755);
            file(links.resolve("target.txt"), text(random, 100), 0644);
            Files.createSymbolicLink(links.resolve("relative"), Path.of("target.txt"));
            Files.createSymbolicLink(links.resolve("up-and-over"), Path.of("../regular.txt"));
            Files.createSymbolicLink(links.resolve("absolute"), Path.of("/usr/bin/env"));
            Files.createSymbolicLink(links.resolve("dangling"), Path.of("does/not/exist"));
            Files.createSymbolicLink(links.resolve("to-directory"), Path.of("../private-0700"));
            Files.createSymbolicLink(links.resolve("long-target"), Path.of(longTarget(random, 1000)));

            Path hard = directory(dir.resolve("hardlinks"), 0755);
            file(hard.resolve("first"), text(random, 300), 0644);
            Files.createLink(hard.resolve("second"), hard.resolve("first"));
            Path other = directory(dir.resolve("hardlinks-elsewhere"), 0755);
            Files.createLink(other.resolve("third"), hard.resolve("first"));

            Path deep = dir.resolve("deep");
            for (int i = 0; i < 40; i++) {
                deep = deep.resolve(String.format("level%02d", i));
            }
            Files.createDirectories(deep);
            file(deep.resolve("bottom.txt"), text(random, 20), 0644);

            Path names = directory(dir.resolve("names"), 0755);
            for (String name : new String[] {"B", "a", "_x", "Ä", "z", "~tilde", "with space", "ünïcødé-名前-🙂"}) {
                file(names.resolve(name), text(random, 10 + random.nextInt(30)), 0644);
            }
            directory(dir.resolve("empty-dir"), 0755);

            file(dir.resolve("with-xattrs"), text(random, 50), 0644);
            setXattr(dir.resolve("with-xattrs"), "user.bootc4j.test", "value-" + random.nextInt(1000));
            setXattr(dir.resolve("with-xattrs"), "user.another", "second attribute");
            Path xdir = directory(dir.resolve("dir-with-xattr"), 0755);
            setXattr(xdir, "user.bootc4j.dir", "on a directory");
            file(xdir.resolve("plain"), text(random, 10), 0644);

            if (isRoot()) {
                Path owned = dir.resolve("owned-by-1000");
                file(owned, text(random, 10), 0640);
                // chown clears setuid/setgid, so the mode is set again after the owner.
                Files.setAttribute(owned, "unix:uid", 1000, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(owned, "unix:gid", 1000, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(owned, "unix:mode", 0640);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build a test tree in " + dir, e);
        }
    }

    /** An OSTree-commit-shaped OS tree ({@code usr/etc}, no top-level {@code etc}) in {@code dir}. */
    public static Path realisticOs(Path dir, long seed) {
        return os(dir, seed, "usr/etc");
    }

    /** A container-image-shaped OS tree (top-level {@code etc}) in {@code dir}. */
    public static Path realisticContainerRootfs(Path dir, long seed) {
        return os(dir, seed, "etc");
    }

    private static Path os(Path dir, long seed, String etcPath) {
        SplittableRandom random = new SplittableRandom(seed);
        try {
            Files.createDirectories(dir);
            Path modules = Files.createDirectories(dir.resolve("usr/lib/modules/" + KERNEL_VERSION));
            largeFile(modules.resolve("vmlinuz"), 1 << 20, random.nextLong());
            largeFile(modules.resolve("initramfs.img"), 512 << 10, random.nextLong());
            file(modules.resolve("modules.dep"), "kernel/fs/ext4/ext4.ko:\n".getBytes(StandardCharsets.UTF_8), 0644);
            String osRelease = "NAME=\"bootc4j test OS\"\nID=bootc4j-test\nVERSION_ID=" + (1 + random.nextInt(40))
                    + "\nPRETTY_NAME=\"bootc4j test OS\"\n";
            file(dir.resolve("usr/lib/os-release"), osRelease.getBytes(StandardCharsets.UTF_8), 0644);

            Path etc = Files.createDirectories(dir.resolve(etcPath));
            Files.createSymbolicLink(etc.resolve("os-release"), Path.of("../" + (etcPath.equals("etc") ? "" : "../")
                    + "usr/lib/os-release").normalize());
            file(etc.resolve("passwd"), ("root:x:0:0:root:/root:/bin/sh\n"
                    + "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n").getBytes(StandardCharsets.UTF_8), 0644);
            file(etc.resolve("group"), "root:x:0:\ndaemon:x:1:\nwheel:x:10:\n".getBytes(StandardCharsets.UTF_8), 0644);
            file(etc.resolve("shadow"), "root:*:19000:0:99999:7:::\n".getBytes(StandardCharsets.UTF_8), 0640);
            file(etc.resolve("fstab"), "# static file system information\n".getBytes(StandardCharsets.UTF_8), 0644);
            file(etc.resolve("hostname"), "bootc4j-test\n".getBytes(StandardCharsets.UTF_8), 0644);
            file(etc.resolve("machine-id"), new byte[0], 0444);
            Path sshd = Files.createDirectories(etc.resolve("ssh"));
            file(sshd.resolve("sshd_config"), text(random, 120), 0600);

            Path bin = Files.createDirectories(dir.resolve("usr/bin"));
            for (String tool : new String[] {"sh", "ls", "cat", "bootc"}) {
                file(bin.resolve(tool), ("#!/bin/sh\n# " + tool + " " + random.nextLong() + "\n")
                        .getBytes(StandardCharsets.UTF_8), 0755);
            }
            file(bin.resolve("passwd"), text(random, 200), 04755);
            Files.createDirectories(dir.resolve("usr/sbin"));
            Files.createSymbolicLink(dir.resolve("usr/sbin/init"), Path.of("../lib/systemd/systemd"));
            Path systemd = Files.createDirectories(dir.resolve("usr/lib/systemd"));
            file(systemd.resolve("systemd"), text(random, 4096), 0755);
            Path units = Files.createDirectories(systemd.resolve("system"));
            file(units.resolve("sshd.service"), ("[Unit]\nDescription=OpenSSH server\n\n[Service]\n"
                    + "ExecStart=/usr/sbin/sshd -D\n\n[Install]\nWantedBy=multi-user.target\n")
                    .getBytes(StandardCharsets.UTF_8), 0644);
            file(units.resolve("multi-user.target"), "[Unit]\nDescription=Multi-User System\n"
                    .getBytes(StandardCharsets.UTF_8), 0644);
            Path wants = Files.createDirectories(units.resolve("multi-user.target.wants"));
            Files.createSymbolicLink(wants.resolve("sshd.service"), Path.of("../sshd.service"));
            Path kargs = Files.createDirectories(dir.resolve("usr/lib/bootc/kargs.d"));
            file(kargs.resolve("10-console.toml"), "kargs = [\"console=ttyS0,115200n8\"]\n"
                    .getBytes(StandardCharsets.UTF_8), 0644);
            Path doc = Files.createDirectories(dir.resolve("usr/share/doc/bootc4j-test"));
            file(doc.resolve("README"), text(random, 2000), 0644);
            Files.createDirectories(dir.resolve("usr/lib64"));

            for (String link : new String[] {"bin", "sbin", "lib", "lib64"}) {
                Files.createSymbolicLink(dir.resolve(link), Path.of("usr/" + link));
            }
            for (String d : new String[] {"boot", "dev", "proc", "sys", "run", "var", "sysroot", "mnt"}) {
                directory(dir.resolve(d), 0755);
            }
            directory(dir.resolve("root"), 0700);
            directory(dir.resolve("tmp"), 01777);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build an OS tree in " + dir, e);
        }
    }

    /** Writes {@code size} pseudo-random bytes derived from {@code seed} to {@code file} (mode 0644). */
    public static Path largeFile(Path file, long size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long v = random.nextLong();
                    for (int j = 0; j < 8; j++) {
                        chunk[i + j] = (byte) (v >>> (8 * j));
                    }
                }
                out.write(chunk, 0, (int) Math.min(left, chunk.length));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        setMode(file, 0644);
        return file;
    }

    /**
     * Asserts that {@code actual} holds the same entries as {@code expected}: names, types, contents,
     * permission bits (with setuid/setgid/sticky), symlink targets, and unless ignored ownership and
     * {@code user.*} xattrs. Timestamps and hardlink structure are not compared. The error lists
     * every difference (up to 50) with its relative path.
     */
    public static void assertSameTree(Path expected, Path actual, Compare... ignore) {
        TreeComparison.assertSame(expected, actual, java.util.EnumSet.copyOf(
                ignore.length == 0 ? java.util.EnumSet.noneOf(Compare.class) : java.util.Set.of(ignore)));
    }

    /** Sets the permission bits of {@code path}, including setuid/setgid/sticky ({@code chmod}). */
    public static void setMode(Path path, int mode) {
        try {
            Files.setAttribute(path, "unix:mode", mode);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot chmod " + Integer.toOctalString(mode) + " " + path, e);
        }
    }

    /** Sets the xattr {@code name} (which must start with {@code user.}) of {@code path} to UTF-8 {@code value}. */
    public static void setXattr(Path path, String name, String value) {
        if (!name.startsWith("user.")) {
            throw new IllegalArgumentException("xattr \"" + name + "\": only user.* xattrs can be set from Java");
        }
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            view.write(name.substring(5), ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set xattr " + name + " on " + path
                    + " (does the filesystem support user xattrs?)", e);
        }
    }

    private static Path file(Path path, byte[] content, int mode) throws IOException {
        Files.write(path, content);
        setMode(path, mode);
        return path;
    }

    private static Path directory(Path path, int mode) throws IOException {
        Files.createDirectories(path);
        setMode(path, mode);
        return path;
    }

    private static byte[] text(SplittableRandom random, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 \n";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String longTarget(SplittableRandom random, int length) {
        StringBuilder sb = new StringBuilder("long");
        while (sb.length() < length) {
            sb.append('/').append("segment").append(random.nextInt(1_000_000));
        }
        return sb.substring(0, length);
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
