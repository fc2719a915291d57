package io.bootc4j.ostree.internal.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RegularFile} against what NIO and path-based {@link LinuxFiles} say about the same file. */
class RegularFileTest {

    @TempDir
    Path tmp;

    @Test
    void ownerModeSizeXattrsAndContentMatchWhatThePathBasedCallsSee() throws IOException {
        Path file = tmp.resolve("f");
        byte[] content = new byte[600_000];
        new SplittableRandom(3).nextBytes(content);
        Files.write(file, content);
        LinuxFiles.chmod(file, 0640);
        byte[] longValue = "x".repeat(1500).getBytes(StandardCharsets.UTF_8);
        LinuxFiles.setXattr(file, "user.long", longValue);
        LinuxFiles.setXattr(file, "user.short", new byte[] {7});
        Map<String, Object> a = Files.readAttributes(file, "unix:uid,gid,mode,size", LinkOption.NOFOLLOW_LINKS);
        try (RegularFile f = RegularFile.open(file).orElseThrow()) {
            assertThat(f.uid()).isEqualTo(a.get("uid"));
            assertThat(f.gid()).isEqualTo(a.get("gid"));
            assertThat(f.mode()).isEqualTo(a.get("mode")).isEqualTo(0100640);
            assertThat(f.size()).isEqualTo(content.length);
            assertThat(f.xattrNames()).containsExactlyInAnyOrderElementsOf(LinuxFiles.listXattrs(file));
            assertThat(f.xattrNames()).contains("user.long", "user.short");
            assertThat(f.xattr("user.long")).hasValue(longValue);
            assertThat(f.xattr("user.short")).hasValue(new byte[] {7});
            assertThat(f.xattr("user.absent")).isEmpty();
            ByteBuffer buf = ByteBuffer.allocateDirect(100_000);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            buf.position(10); // reads fill from the position
            int n;
            while ((n = f.read(buf)) >= 0) {
                buf.flip().position(buf.limit() - n);
                byte[] chunk = new byte[n];
                buf.get(chunk);
                got.write(chunk);
                buf.clear().position(10);
            }
            assertThat(got.toByteArray()).isEqualTo(content);
        }
    }

    @Test
    void aSymlinkOrADirectoryIsNotOpenedAndAMissingFileIsNoSuchFile() throws IOException {
        Files.writeString(tmp.resolve("target"), "t");
        Files.createSymbolicLink(tmp.resolve("link"), Path.of("target"));
        Files.createDirectory(tmp.resolve("dir"));
        assertThat(RegularFile.open(tmp.resolve("link"))).isEmpty();
        assertThat(RegularFile.open(tmp.resolve("dir"))).isEmpty();
        assertThatThrownBy(() -> RegularFile.open(tmp.resolve("missing"))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void readAllGivesEveryByteWhateverTheSizeAndWhatIsLeftOfAFileThatShrank() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        for (int size : new int[] {0, 1, 4095, 4096, 65_537, 1_000_000}) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            Path file = tmp.resolve("f" + size);
            Files.write(file, content);
            try (RegularFile f = RegularFile.open(file).orElseThrow()) {
                assertThat(f.readAll()).as("%d bytes", size).isEqualTo(content);
            }
        }
        Path file = tmp.resolve("shrinks");
        Files.writeString(file, "0123456789".repeat(100));
        try (RegularFile f = RegularFile.open(file).orElseThrow();
                java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(15);
            assertThat(f.size()).isEqualTo(1000);
            assertThat(new String(f.readAll(), StandardCharsets.US_ASCII)).isEqualTo("012345678901234");
        }
    }

    @Test
    void copyToMakesANewFileWithContentXattrsAndModeAndNeverReplacesOne() throws IOException {
        Path src = tmp.resolve("src");
        byte[] content = new byte[300_000];
        new SplittableRandom(9).nextBytes(content);
        Files.write(src, content);
        LinuxFiles.setXattr(src, "user.a", new byte[] {1, 2});
        LinuxFiles.setXattr(src, "user.empty", new byte[0]);
        Path out = Files.createDirectory(tmp.resolve("out"));
        try (DirectoryFd from = DirectoryFd.open(tmp);
                RegularFile f = RegularFile.openAt(from, DirectoryFd.name("src")).orElseThrow();
                DirectoryFd to = DirectoryFd.open(out)) {
            assertThat(f.xattrs()).containsOnlyKeys("user.a");
            f.copyTo(to, DirectoryFd.name("copy"), -1, -1, f.xattrs(), 04751);
            assertThatThrownBy(() -> f.copyTo(to, DirectoryFd.name("copy"), -1, -1, Map.of(), 0644))
                    .isInstanceOf(java.nio.file.FileAlreadyExistsException.class).hasMessageContaining(out.resolve("copy").toString());
        }
        Path copy = out.resolve("copy");
        assertThat(Files.readAllBytes(copy)).isEqualTo(content);
        assertThat(Files.getAttribute(copy, "unix:mode")).isEqualTo(0104751);
        assertThat(LinuxFiles.getXattr(copy, "user.a")).hasValue(new byte[] {1, 2});
        assertThat(LinuxFiles.listXattrs(copy)).doesNotContain("user.empty");
        try (DirectoryFd from = DirectoryFd.open(tmp)) {
            assertThatThrownBy(() -> RegularFile.openAt(from, DirectoryFd.name("absent")))
                    .isInstanceOf(NoSuchFileException.class).hasMessageContaining(tmp.resolve("absent").toString());
        }
    }

    @Test
    void readingIntoAHeapBufferIsRefused() throws IOException {
        Files.writeString(tmp.resolve("f"), "abc");
        try (RegularFile f = RegularFile.open(tmp.resolve("f")).orElseThrow()) {
            assertThatThrownBy(() -> f.read(ByteBuffer.allocate(8))).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
