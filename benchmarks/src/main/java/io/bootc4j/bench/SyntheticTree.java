package io.bootc4j.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, OS-like tree for the benchmarks: nested directories, mostly small files with a few
 * large ones, empty files, executables, symlinks and some {@code user.*} xattrs. File content is
 * half incompressible (like binaries) and half text-like (like configuration and scripts), so an
 * archive repository's zlib sees realistic input. The same seed gives the same tree, byte for
 * byte, modes included.
 *
 * @param files regular files to create
 * @param dirs directories to spread them over (nested up to four levels)
 * @param seed the random seed
 */
public record SyntheticTree(int files, int dirs, long seed) {

    /** About 2,000 files and 90 MB: large enough to time, small enough for a 2-core machine. */
    public static final SyntheticTree DEFAULT = new SyntheticTree(2000, 200, 42);

    private static final byte[] WORDS = ("the quick brown fox jumps over the lazy dog systemd unit Description "
            + "ExecStart WantedBy multi-user.target lib usr share locale config etc passwd root bin sh\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public SyntheticTree {
        if (files < 1 || dirs < 1) {
            throw new IllegalArgumentException("a synthetic tree needs at least one file and one directory, got "
                    + files + " files, " + dirs + " dirs");
        }
    }

    /** Writes the tree under {@code root} (created; must not exist) and returns the bytes of file content written. */
    public long writeTo(Path root) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Files.createDirectory(root);
        List<Path> dirList = new ArrayList<>();
        dirList.add(root);
        for (int i = 1; i < dirs; i++) {
            Path parent = dirList.get(random.nextInt(Math.min(dirList.size(), 1 + i / 4)));
            Path d = parent.resolve("d" + i);
            Files.createDirectory(d);
            dirList.add(d);
        }
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        for (int i = 0; i < files; i++) {
            Path dir = dirList.get(random.nextInt(dirList.size()));
            Path f = dir.resolve("f" + i + (random.nextInt(4) == 0 ? ".conf" : ""));
            long size = size(random);
            boolean text = random.nextBoolean();
            try (OutputStream out = Files.newOutputStream(f)) {
                long left = size;
                while (left > 0) {
                    int n = (int) Math.min(buf.length, left);
                    fill(random, buf, n, text);
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
            total += size;
            int kind = random.nextInt(20);
            String perms = kind == 0 ? "rwxr-xr-x" : kind == 1 ? "rw-------" : "rw-r--r--";
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
            if (kind == 2) {
                UserDefinedFileAttributeView x = Files.getFileAttributeView(f, UserDefinedFileAttributeView.class);
                x.write("bench", ByteBuffer.wrap(("value-" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            }
            if (random.nextInt(12) == 0) {
                Files.createSymbolicLink(dir.resolve("l" + i), Path.of(f.getFileName().toString()));
            }
        }
        return total;
    }

    /** 85% 0–16 KiB (some empty), 14% 16–256 KiB, 1% 256 KiB–4 MiB. */
    private static long size(SplittableRandom random) {
        int bucket = random.nextInt(100);
        if (bucket < 85) {
            return random.nextInt(40) == 0 ? 0 : random.nextInt(16 * 1024);
        }
        if (bucket < 99) {
            return 16 * 1024 + random.nextInt(240 * 1024);
        }
        return 256 * 1024 + random.nextInt(15 * 256 * 1024);
    }

    private static void fill(SplittableRandom random, byte[] buf, int n, boolean text) {
        if (!text) {
            for (int i = 0; i < n; i += 8) {
                long v = random.nextLong();
                for (int j = 0; j < 8 && i + j < n; j++) {
                    buf[i + j] = (byte) (v >>> (8 * j));
                }
            }
            return;
        }
        int i = 0;
        while (i < n) {
            int start = random.nextInt(WORDS.length - 8);
            int len = Math.min(n - i, 3 + random.nextInt(6));
            System.arraycopy(WORDS, start, buf, i, Math.min(len, WORDS.length - start));
            i += len;
        }
    }
}
