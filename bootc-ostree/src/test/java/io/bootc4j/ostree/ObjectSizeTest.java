package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectSizeTest {

    @TempDir
    Path tmp;

    @Test
    void entryForHelloWorldFileHasVarintSizesAndTypeByte() throws ObjectFormatException {
        // the entry ostree 2022.7 --generate-sizes writes for "hello world!" (0644): 48 bytes archived, 12 unpacked
        Checksum hello = Checksum.parse("d35bfc50864fca777dbeead3ba3689115b76674a093210316589b1fe5cc3ff4b");
        ObjectSize s = new ObjectSize(hello, ObjectType.FILE, 48, 12);
        assertThat(HexFormat.of().formatHex(s.encode())).isEqualTo(hello + "30" + "0c" + "01");
        assertThat(ObjectSize.decode(s.encode())).isEqualTo(s);
        ObjectSize big = new ObjectSize(hello, ObjectType.DIR_TREE, 300, Long.MAX_VALUE);
        assertThat(HexFormat.of().formatHex(big.encode())).startsWith(hello + "ac02");
        assertThat(ObjectSize.decode(big.encode())).isEqualTo(big);
    }

    @Test
    void malformedEntriesAreRejected() {
        byte[] truncated = HexFormat.of().parseHex("d35bfc50864fca777dbeead3ba3689115b76674a093210316589b1fe5cc3ff4b" + "80");
        assertThatThrownBy(() -> ObjectSize.decode(truncated)).isInstanceOf(ObjectFormatException.class)
                .hasMessageContaining("ostree.sizes");
        byte[] badType = HexFormat.of().parseHex("d35bfc50864fca777dbeead3ba3689115b76674a093210316589b1fe5cc3ff4b"
                + "0101" + "63");
        assertThatThrownBy(() -> ObjectSize.decode(badType)).hasMessageContaining("unknown object type 99");
    }

    @Test
    @Interop("ostree")
    void sizesOstreeGeneratesMatchTheObjectsItStored() throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree/dir"));
        Files.writeString(tmp.resolve("tree/a"), "hello world!");
        Files.writeString(tree.resolve("b"), "x".repeat(10_000));
        Files.createSymbolicLink(tmp.resolve("tree/l"), Path.of("a"));
        OstreeCli ostree = new OstreeCli(tmp.resolve("repo")).init("archive");
        Checksum c = Checksum.parse(ostree.run("commit", "-b", "s", "--generate-sizes", tmp.resolve("tree").toString())
                .assertSuccess().stdout().strip());
        Commit commit = Commit.parse(Files.readAllBytes(ostree.repo().resolve(
                new ObjectName(c, ObjectType.COMMIT).looseRelativePath(true))));
        List<ObjectSize> sizes = ObjectSize.fromMetadata(commit.metadata());
        assertThat(sizes).hasSizeGreaterThanOrEqualTo(6);
        for (ObjectSize s : sizes) {
            Path object = ostree.repo().resolve(new ObjectName(s.checksum(), s.type()).looseRelativePath(true));
            assertThat(object).as(s.toString()).exists();
            if (s.type() != ObjectType.FILE) {
                assertThat(Files.size(object)).isEqualTo(s.archivedSize()).isEqualTo(s.unpackedSize());
            } else {
                assertThat(Files.size(object)).isEqualTo(s.archivedSize());
            }
        }
        List<ObjectSize> shuffled = new java.util.ArrayList<>(sizes);
        java.util.Collections.reverse(shuffled);
        Metadata ours = ObjectSize.putInto(Metadata.builder(), shuffled).build();
        assertThat(ours.getByteStrings(ObjectSize.METADATA_KEY).orElseThrow())
                .containsExactlyElementsOf(commit.metadata().getByteStrings(ObjectSize.METADATA_KEY).orElseThrow());
    }
}
