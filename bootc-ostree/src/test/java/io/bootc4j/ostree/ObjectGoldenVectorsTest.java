package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checksums and bytes fixed by libostree's own test suite (tests/test-repo.c, test-sizes.js, …). */
class ObjectGoldenVectorsTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String NETWORKS = "default 0.0.0.0\nloopback 127.0.0.0\nlink-local 169.254.0.0\n";

    private static Checksum file(String content, Xattrs xattrs) throws IOException {
        return ContentHasher.ofFile(FileHeader.regularFile(0, 0, 0644, xattrs),
                new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] nulTerminated(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void regularFileChecksumMatchesTestRepoVector() throws IOException {
        assertThat(file(NETWORKS, Xattrs.EMPTY))
                .hasToString("8aaa9dc13a0c5839fe4a277756798c609c53fac6fa2290314ecfef9041065873");
    }

    @Test
    void regularFileWithSelinuxXattrMatchesTestRepoVector() throws IOException {
        Xattrs x = Xattrs.of(Map.of("security.selinux", nulTerminated("system_u:object_r:etc_t:s0")));
        assertThat(file(NETWORKS, x))
                .hasToString("4f600d252338f93279c51c964915cb2c26f0d09082164c54890d1a3c78cdeb1e");
    }

    @Test
    void symlinkWithSelinuxXattrMatchesTestRepoVector() {
        Xattrs x = Xattrs.of(Map.of("security.selinux", nulTerminated("system_u:object_r:bin_t:s0")));
        assertThat(ContentHasher.ofSymlink(FileHeader.symlink(0, 0, "bash", x)))
                .hasToString("23a2e97d21d960ac7a4e39a8721b1baff7b213e00e5e5641334f50506012fcff");
    }

    @Test
    void smallFilesMatchTestBasicAndTestSizesVectors() throws IOException {
        assertThat(file("hi", Xattrs.EMPTY))
                .hasToString("2301b5923720c3edc1f0467addb5c287fd5559e3e0cd1396e7f1edb6b01be9f0");
        assertThat(file("hello world!", Xattrs.EMPTY))
                .hasToString("d35bfc50864fca777dbeead3ba3689115b76674a093210316589b1fe5cc3ff4b");
        assertThat(file("hello world again!", Xattrs.EMPTY))
                .hasToString("f5ee222a21e2c96edbd6f2543c4bc8a039f827be3823d04777c9ee187778f1ad");
        assertThat(ContentHasher.ofSymlink(FileHeader.symlink(0, 0, "some-file", Xattrs.EMPTY)))
                .hasToString("8322876a078e79d8c960b8b4658fe77e7b2f878f8a6cf89dbb87c6becc8128a0");
    }

    @Test
    void streamingHasherEqualsOneShotAndCanBeRestarted() throws IOException {
        FileHeader h = FileHeader.regularFile(0, 0, 0644, Xattrs.EMPTY);
        ContentHasher hasher = ContentHasher.begin(h);
        byte[] b = "hello world!".getBytes(StandardCharsets.UTF_8);
        hasher.update(b, 0, 5).update(java.nio.ByteBuffer.wrap(b, 5, b.length - 5));
        assertThat(hasher.finish()).isEqualTo(file("hello world!", Xattrs.EMPTY));
        hasher.restart(h).update("hi".getBytes(StandardCharsets.UTF_8), 0, 2);
        assertThat(hasher.finish()).hasToString("2301b5923720c3edc1f0467addb5c287fd5559e3e0cd1396e7f1edb6b01be9f0");
    }

    @Test
    void checksumHeaderHasTheDocumentedBytes() {
        assertThat(HEX.formatHex(FileHeader.regularFile(0, 0, 0644, Xattrs.EMPTY).checksumHeader()))
                .isEqualTo("00000012" + "00000000" + "00000000" + "00000000" + "000081a4" + "00000000" + "00" + "11");
    }

    @Test
    void archiveHeaderOfHelloWorldAgainHasTheDocumentedBytes() throws ObjectFormatException {
        byte[] h = FileHeader.regularFile(0, 0, 0644, Xattrs.EMPTY).archiveHeader(18);
        assertThat(HEX.formatHex(h)).isEqualTo("0000001a00000000" + "0000000000000012"
                + "00000000" + "00000000" + "000081a4" + "00000000" + "00" + "19");
        FileHeader.Archived parsed = FileHeader.parseArchiveHeader(java.util.Arrays.copyOfRange(h, 8, h.length));
        assertThat(parsed.size()).isEqualTo(18);
        assertThat(parsed.header()).isEqualTo(FileHeader.regularFile(0, 0, 0644, Xattrs.EMPTY));
    }

    @Test
    void dirMetaOfRootOwned0755DirectoryIsTheWellKnownObject() throws ObjectFormatException {
        DirMeta m = new DirMeta(0, 0, 040755, Xattrs.EMPTY);
        assertThat(HEX.formatHex(m.serialize())).isEqualTo("00000000" + "00000000" + "000041ed");
        assertThat(m.checksum()).hasToString("446a0ef11b7cc167f3b603e585c7eeeeb675faa412d5ec73f62988eb0b6c5488");
        assertThat(DirMeta.parse(m.serialize())).isEqualTo(m);
    }

    @Test
    void emptyDirTreeIsOneZeroByte() throws ObjectFormatException {
        assertThat(DirTree.EMPTY.serialize()).containsExactly(0);
        assertThat(DirTree.EMPTY.checksum())
                .hasToString("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
        assertThat(DirTree.parse(new byte[] {0})).isEqualTo(DirTree.EMPTY);
    }

    @Test
    void dirTreeWithOneFileHasTheDocumentedBytes() throws IOException {
        Checksum again = file("hello world again!", Xattrs.EMPTY);
        DirTree t = DirTree.builder().addFile("another", again).build();
        byte[] bytes = t.serialize();
        assertThat(bytes).hasSize(43);
        assertThat(HEX.formatHex(bytes)).isEqualTo(HEX.formatHex("another\0".getBytes(StandardCharsets.US_ASCII))
                + again + "08" + "29" + "2a");
        assertThat(t.checksum().toString()).startsWith("621fab8b").endsWith("b6b3");
    }

    @Test
    void dirTreesOfTestSizesMatchTheirVectors() throws IOException {
        Checksum hello = file("hello world!", Xattrs.EMPTY);
        Checksum link = ContentHasher.ofSymlink(FileHeader.symlink(0, 0, "some-file", Xattrs.EMPTY));
        DirTree.Builder b = DirTree.builder().addFile("some-file", hello).addFile("link-file", link)
                .addFile("duplicate-file", hello);
        DirTree three = b.build();
        assertThat(three.serialize()).hasSize(138);
        assertThat(three.checksum()).hasToString("a384660cc18ffdb60296961dde9a2d6f78f4fec095165652cb53aa81f6dc7539");
        DirTree four = b.addFile("another-file", file("hello world again!", Xattrs.EMPTY)).build();
        assertThat(four.serialize()).hasSize(185);
        assertThat(four.checksum()).hasToString("1c77033ca06eae77ed99cb26472969964314ffd5b4e4c0fd3ff6ec4265c86e51");
        assertThat(four.files()).extracting(DirTree.File::name)
                .containsExactly("another-file", "duplicate-file", "link-file", "some-file");
        assertThat(DirTree.parse(four.serialize())).isEqualTo(four);
    }

    @Test
    void commitWithRefBindingHasTheLayoutAndChecksumOstreeWrites() throws ObjectFormatException {
        Commit c = Commit.builder()
                .metadata(Metadata.builder().putStrings("ostree.ref-binding", List.of("test/ref")).build())
                .subject("s").body("").timestamp(1_700_000_000L)
                .rootTree(DirTree.EMPTY.checksum())
                .rootMeta(new DirMeta(0, 0, 040755, Xattrs.EMPTY).checksum())
                .build();
        byte[] bytes = c.serialize();
        assertThat(bytes).hasSize(126);
        assertThat(HEX.formatHex(bytes, 0x30, 0x38)).isEqualTo("000000006553f100");
        assertThat(HEX.formatHex(bytes, 0x78, 126)).isEqualTo("582a29272727");
        // what `ostree commit -b test/ref -s s --timestamp=@1700000000` of an empty 0755 root dir
        // writes with ostree 2022.7
        assertThat(c.checksum()).hasToString("decccf35e778e278b9b3e11778ce27e6c8a2f9f79017d4ec75ef916aa182ec6d");
        assertThat(c.contentChecksum())
                .hasToString("978b7746df27a18398d9099592a905091a496bf53f9158c1f350d1d410424f66");
        Commit back = Commit.parse(bytes);
        assertThat(back.timestamp()).isEqualTo(1_700_000_000L);
        assertThat(back.parent()).isEmpty();
        assertThat(back.metadata().getStrings("ostree.ref-binding")).contains(List.of("test/ref"));
        assertThat(back).isEqualTo(c);
    }
}
