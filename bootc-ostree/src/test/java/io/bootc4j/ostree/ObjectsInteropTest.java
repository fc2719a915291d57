package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our bytes and checksums against what the real ostree 2022.7 writes and reads. */
@Interop("ostree")
class ObjectsInteropTest {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path tmp;
    Path tree;

    @BeforeEach
    void buildTree() throws IOException {
        tree = Files.createDirectory(tmp.resolve("tree"));
        Files.writeString(tree.resolve("hello"), "hello world!");
        Files.write(tree.resolve("empty"), new byte[0]);
        Path exe = Files.writeString(tree.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(tree.resolve("link"), Path.of("hello"));
        Files.createSymbolicLink(tree.resolve("long-link"), Path.of("x".repeat(300)));
        Path sub = Files.createDirectories(tree.resolve("sub/deeper"));
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(tree.resolve("sub/ünïcödé-名前"), "unicode");
        Files.writeString(tree.resolve("sub/Zebra"), "upper");
        Files.writeString(tree.resolve("sub/apple"), "lower");
        Path tagged = Files.writeString(tree.resolve("tagged"), "with xattrs");
        UserDefinedFileAttributeView view = Files.getFileAttributeView(tagged, UserDefinedFileAttributeView.class);
        view.write("zeta", ByteBuffer.wrap("z".getBytes(StandardCharsets.UTF_8)));
        view.write("alpha", ByteBuffer.wrap("a".getBytes(StandardCharsets.UTF_8)));
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + i / 1000);
        }
        Files.write(tree.resolve("sub/big.bin"), big);
        for (int i = 0; i < 40; i++) {
            Files.writeString(tree.resolve("sub/deeper/file-with-a-long-name-" + i), "n" + i);
        }
    }

    @Test
    void everyObjectOstreeWritesParsesReserializesAndHashesToItsName() throws IOException {
        OstreeCli ostree = new OstreeCli(tmp.resolve("repo")).init("archive");
        String commitHex = ostree.run("commit", "-b", "test/ref", "-s", "subject", "--body=body text",
                "--timestamp=@1700000000", "--add-metadata-string=version=1.2.3",
                "--add-metadata=count=uint32 5", tree.toString()).assertSuccess().stdout().strip();
        int seen = 0;
        try (Stream<Path> files = Files.walk(ostree.repo().resolve("objects"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String name = p.getParent().getFileName() + p.getFileName().toString();
                int dot = name.indexOf('.');
                Checksum expected = Checksum.parse(name.substring(0, dot));
                String suffix = name.substring(dot + 1);
                byte[] bytes = Files.readAllBytes(p);
                switch (suffix) {
                    case "dirtree" -> assertThat(DirTree.parse(bytes).serialize()).isEqualTo(bytes);
                    case "dirmeta" -> assertThat(DirMeta.parse(bytes).serialize()).isEqualTo(bytes);
                    case "commit" -> assertThat(Commit.parse(bytes).serialize()).isEqualTo(bytes);
                    case "filez" -> assertThat(checksumOfFilez(bytes)).as(name).isEqualTo(expected);
                    default -> throw new AssertionError("unexpected object " + p);
                }
                if (!suffix.equals("filez")) {
                    assertThat(Checksum.sha256(bytes)).as(name).isEqualTo(expected);
                }
                seen++;
            }
        }
        assertThat(seen).isGreaterThan(50);

        Commit commit = Commit.parse(Files.readAllBytes(ostree.repo().resolve(
                new ObjectName(Checksum.parse(commitHex), ObjectType.COMMIT).looseRelativePath(true))));
        assertThat(commit.subject()).isEqualTo("subject");
        assertThat(commit.body()).isEqualTo("body text");
        assertThat(commit.timestamp()).isEqualTo(1_700_000_000L);
        assertThat(commit.metadata().entries()).extracting(Metadata.Entry::key)
                .containsExactly("version", "count", "ostree.ref-binding");
        assertThat(commit.metadata().get("count")).contains(new MetadataValue.U32(5));
        assertThat(commit.metadata().getStrings("ostree.ref-binding")).contains(List.of("test/ref"));
        String content = ostree.run("show", commitHex).assertSuccess().stdout();
        assertThat(content).contains("ContentChecksum:  " + commit.contentChecksum());

        // our own hash of the directory (no repository involved) names the same root objects
        Map<Checksum, byte[]> objects = new HashMap<>();
        DirMeta rootMeta = dirMeta(tree);
        assertThat(hashTree(tree, objects)).isEqualTo(commit.rootTree());
        assertThat(rootMeta.checksum()).isEqualTo(commit.rootMeta());
    }

    @Test
    void objectsWeSerializeFormARepositoryOstreeAcceptsAndReads() throws IOException {
        OstreeCli ostree = new OstreeCli(tmp.resolve("ours")).init("archive");
        Map<Checksum, byte[]> objects = new HashMap<>();
        Checksum rootTree = hashTree(tree, objects);
        Checksum rootMeta = writeMeta(dirMeta(tree), objects);
        Commit commit = Commit.builder()
                .metadata(Metadata.builder().putString("version", "9").putU64("big", 1L << 40)
                        .putStrings("ostree.ref-binding", List.of("ours")).build())
                .subject("written by bootc4j").body("").timestamp(1_600_000_000L)
                .rootTree(rootTree).rootMeta(rootMeta).build();
        objects.put(commit.checksum(), commit.serialize());
        for (Map.Entry<Checksum, byte[]> e : objects.entrySet()) {
            byte[] bytes = e.getValue();
            ObjectType type = filez.containsKey(e.getKey()) ? ObjectType.FILE : typeOf(e.getKey(), commit, objects);
            Path p = ostree.repo().resolve(new ObjectName(e.getKey(), type).looseRelativePath(true));
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
        }
        Files.writeString(ostree.repo().resolve("refs/heads/ours"), commit.checksum() + "\n");

        ostree.run("fsck").assertSuccess();
        assertThat(ostree.run("rev-parse", "ours").assertSuccess().stdout().strip())
                .isEqualTo(commit.checksum().toString());
        assertThat(ostree.run("show", "--print-metadata-key=version", "ours").assertSuccess().stdout().strip())
                .isEqualTo("'9'");
        assertThat(ostree.run("cat", "ours", "/sub/ünïcödé-名前").assertSuccess().stdout()).isEqualTo("unicode");
        String listing = ostree.run("ls", "-R", "-C", "-X", "ours").assertSuccess().stdout();
        assertThat(listing).contains("/link -> hello").contains("/sub/deeper/file-with-a-long-name-39");
        Path out = tmp.resolve("checkout");
        ostree.run("checkout", "-U", "ours", out.toString()).assertSuccess();
        assertThat(Files.readAllBytes(out.resolve("sub/big.bin"))).isEqualTo(Files.readAllBytes(tree.resolve("sub/big.bin")));
        assertThat(Files.readSymbolicLink(out.resolve("long-link"))).isEqualTo(Path.of("x".repeat(300)));
    }

    // --- an independent test-only tree hasher, so the byte layer is checked without Repo ---

    private final Map<Checksum, byte[]> filez = new HashMap<>();

    private ObjectType typeOf(Checksum c, Commit commit, Map<Checksum, byte[]> objects) {
        if (c.equals(commit.checksum())) {
            return ObjectType.COMMIT;
        }
        try {
            DirTree.parse(objects.get(c));
            return ObjectType.DIR_TREE;
        } catch (ObjectFormatException notTree) {
            return ObjectType.DIR_META;
        }
    }

    private Checksum hashTree(Path dir, Map<Checksum, byte[]> objects) throws IOException {
        DirTree.Builder b = DirTree.builder();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path p : children.toList()) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p, NOFOLLOW)) {
                    b.addDir(name, hashTree(p, objects), writeMeta(dirMeta(p), objects));
                } else {
                    FileHeader h = fileHeader(p);
                    byte[] content = h.isSymlink() ? new byte[0] : Files.readAllBytes(p);
                    Checksum c = h.isSymlink() ? ContentHasher.ofSymlink(h)
                            : ContentHasher.ofFile(h, new java.io.ByteArrayInputStream(content));
                    byte[] obj = filezOf(h, content);
                    filez.put(c, obj);
                    objects.put(c, obj);
                    b.addFile(name, c);
                }
            }
        }
        DirTree t = b.build();
        objects.put(t.checksum(), t.serialize());
        return t.checksum();
    }

    private static Checksum writeMeta(DirMeta m, Map<Checksum, byte[]> objects) {
        objects.put(m.checksum(), m.serialize());
        return m.checksum();
    }

    private static byte[] filezOf(FileHeader h, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(h.archiveHeader(h.isSymlink() ? 0 : content.length));
        if (!h.isSymlink()) {
            Deflater d = new Deflater(6, true);
            try (DeflaterOutputStream z = new DeflaterOutputStream(out, d)) {
                z.write(content);
            } finally {
                d.end();
            }
        }
        return out.toByteArray();
    }

    private static Checksum checksumOfFilez(byte[] bytes) throws IOException {
        int len = ByteBuffer.wrap(bytes).getInt();
        FileHeader.Archived a = FileHeader.parseArchiveHeader(Arrays.copyOfRange(bytes, 8, 8 + len));
        if (a.header().isSymlink()) {
            assertThat(bytes).hasSize(8 + len);
            return ContentHasher.ofSymlink(a.header());
        }
        Inflater inf = new Inflater(true);
        try (InputStream in = new InflaterInputStream(
                new java.io.ByteArrayInputStream(bytes, 8 + len, bytes.length - 8 - len), inf)) {
            byte[] content = in.readAllBytes();
            assertThat(content).hasSize((int) a.size());
            return ContentHasher.ofFile(a.header(), new java.io.ByteArrayInputStream(content));
        } finally {
            inf.end();
        }
    }

    private static DirMeta dirMeta(Path dir) throws IOException {
        return new DirMeta((Integer) Files.getAttribute(dir, "unix:uid", NOFOLLOW),
                (Integer) Files.getAttribute(dir, "unix:gid", NOFOLLOW),
                (Integer) Files.getAttribute(dir, "unix:mode", NOFOLLOW), userXattrs(dir));
    }

    private static FileHeader fileHeader(Path p) throws IOException {
        int uid = (Integer) Files.getAttribute(p, "unix:uid", NOFOLLOW);
        int gid = (Integer) Files.getAttribute(p, "unix:gid", NOFOLLOW);
        int mode = (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW);
        if (Files.isSymbolicLink(p)) {
            return new FileHeader(uid, gid, mode, 0, Files.readSymbolicLink(p).toString(), Xattrs.EMPTY);
        }
        return new FileHeader(uid, gid, mode, 0, "", userXattrs(p));
    }

    private static Xattrs userXattrs(Path p) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
        Map<String, byte[]> map = new HashMap<>();
        for (String n : view.list()) {
            ByteBuffer buf = ByteBuffer.allocate(view.size(n));
            view.read(n, buf);
            map.put("user." + n, buf.array());
        }
        return Xattrs.ofFilesystem(map);
    }
}
