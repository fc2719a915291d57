package io.bootc4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The comparison behind {@link TestTrees#assertSameTree}. */
final class TreeComparison {

    private static final int MAX_REPORTED = 50;

    private final Set<TestTrees.Compare> ignore;
    private final List<String> differences = new ArrayList<>();

    private TreeComparison(Set<TestTrees.Compare> ignore) {
        this.ignore = ignore;
    }

    static void assertSame(Path expected, Path actual, Set<TestTrees.Compare> ignore) {
        TreeComparison c = new TreeComparison(ignore);
        try {
            if (!Files.isDirectory(expected) || !Files.isDirectory(actual)) {
                throw new AssertionError("both must be directories: " + expected + ", " + actual);
            }
            c.compareEntry(expected, actual, ".", true);
            c.compareDirectory(expected, actual, "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + expected + " with " + actual, e);
        }
        if (!c.differences.isEmpty()) {
            StringBuilder msg = new StringBuilder("trees differ: expected " + expected + ", actual " + actual + " ("
                    + c.differences.size() + " difference" + (c.differences.size() == 1 ? "" : "s") + ")");
            c.differences.stream().limit(MAX_REPORTED).forEach(d -> msg.append("\n  ").append(d));
            if (c.differences.size() > MAX_REPORTED) {
                msg.append("\n  …");
            }
            throw new AssertionError(msg.toString());
        }
    }

    private void compareDirectory(Path expected, Path actual, String prefix) throws IOException {
        Set<String> left = names(expected);
        Set<String> right = names(actual);
        Set<String> all = new TreeSet<>(left);
        all.addAll(right);
        for (String name : all) {
            String rel = prefix + name;
            if (!right.contains(name)) {
                differences.add(rel + ": missing");
                continue;
            }
            if (!left.contains(name)) {
                differences.add(rel + ": unexpected");
                continue;
            }
            Path e = expected.resolve(name);
            Path a = actual.resolve(name);
            if (compareEntry(e, a, rel, false) && Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS)) {
                compareDirectory(e, a, rel + "/");
            }
        }
    }

    /** Compares one entry; returns false when the types differ (nothing below is compared). */
    private boolean compareEntry(Path e, Path a, String rel, boolean isRoot) throws IOException {
        Map<String, Object> ea = Files.readAttributes(e, "unix:mode,uid,gid,size", LinkOption.NOFOLLOW_LINKS);
        Map<String, Object> aa = Files.readAttributes(a, "unix:mode,uid,gid,size", LinkOption.NOFOLLOW_LINKS);
        int em = (Integer) ea.get("mode");
        int am = (Integer) aa.get("mode");
        if ((em & 0170000) != (am & 0170000)) {
            differences.add(rel + ": type " + type(em) + " became " + type(am));
            return false;
        }
        boolean dir = (em & 0170000) == 0040000;
        boolean symlink = (em & 0170000) == 0120000;
        if (!symlink && (em & 07777) != (am & 07777) && !(dir && ignore.contains(TestTrees.Compare.IGNORE_DIRECTORY_MODES))
                && !isRoot) {
            differences.add(rel + ": mode 0" + Integer.toOctalString(em & 07777) + " became 0"
                    + Integer.toOctalString(am & 07777));
        }
        if (!ignore.contains(TestTrees.Compare.IGNORE_OWNERSHIP) && !isRoot
                && (!ea.get("uid").equals(aa.get("uid")) || !ea.get("gid").equals(aa.get("gid")))) {
            differences.add(rel + ": owner " + ea.get("uid") + ":" + ea.get("gid") + " became " + aa.get("uid") + ":"
                    + aa.get("gid"));
        }
        if (symlink) {
            Path et = Files.readSymbolicLink(e);
            Path at = Files.readSymbolicLink(a);
            if (!et.toString().equals(at.toString())) {
                differences.add(rel + ": symlink target \"" + et + "\" became \"" + at + "\"");
            }
        } else if (!dir) {
            if (!ea.get("size").equals(aa.get("size"))) {
                differences.add(rel + ": size " + ea.get("size") + " became " + aa.get("size"));
            } else if (!sameContent(e, a)) {
                differences.add(rel + ": content differs");
            }
        }
        if (!symlink && !isRoot && !ignore.contains(TestTrees.Compare.IGNORE_XATTRS)) {
            Map<String, String> ex = LayerTar.userXattrs(e);
            Map<String, String> ax = LayerTar.userXattrs(a);
            if (!ex.equals(ax)) {
                differences.add(rel + ": user xattrs " + ex + " became " + ax);
            }
        }
        return true;
    }

    private static boolean sameContent(Path e, Path a) throws IOException {
        byte[] eb = new byte[1 << 16];
        byte[] ab = new byte[1 << 16];
        try (InputStream ei = Files.newInputStream(e); InputStream ai = Files.newInputStream(a)) {
            while (true) {
                int n = ei.readNBytes(eb, 0, eb.length);
                int m = ai.readNBytes(ab, 0, ab.length);
                if (n != m || !Arrays.equals(eb, 0, n, ab, 0, m)) {
                    return false;
                }
                if (n < eb.length) {
                    return true;
                }
            }
        }
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return new TreeSet<>(list.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static String type(int mode) {
        return switch (mode & 0170000) {
            case 0040000 -> "directory";
            case 0120000 -> "symlink";
            case 0100000 -> "regular file";
            case 0020000 -> "character device";
            case 0060000 -> "block device";
            case 0010000 -> "fifo";
            case 0140000 -> "socket";
            default -> "0" + Integer.toOctalString(mode & 0170000);
        };
    }
}
