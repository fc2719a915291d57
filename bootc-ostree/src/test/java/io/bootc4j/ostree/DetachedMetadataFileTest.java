package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetachedMetadataFileTest {

    private static final Checksum COMMIT = Checksum.sha256(new byte[] {42});

    @TempDir
    Path repo;

    @Test
    void writeThenReadReplacesAtomicallyAndLeavesNoTempFiles() throws IOException {
        assertThat(DetachedMetadataFile.read(repo, COMMIT)).isEmpty();
        Metadata first = Metadata.builder().putString("a", "1").build();
        DetachedMetadataFile.write(repo, COMMIT, first);
        Metadata second = first.toBuilder().appendByteString("ostree.sign.ed25519", new byte[64]).build();
        DetachedMetadataFile.write(repo, COMMIT, second);
        assertThat(DetachedMetadataFile.read(repo, COMMIT)).contains(second);
        Path file = DetachedMetadataFile.path(repo, COMMIT);
        assertThat(repo.relativize(file).toString()).endsWith(COMMIT.toString().substring(2) + ".commitmeta");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly(file.getFileName().toString());
        }
        DetachedMetadataFile.write(repo, COMMIT, Metadata.EMPTY);
        assertThat(file).doesNotExist();
    }

    @Test
    void corruptFileFailsNamingThePath() throws IOException {
        Path file = DetachedMetadataFile.path(repo, COMMIT);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {'k', 1, 2});
        assertThatThrownBy(() -> DetachedMetadataFile.read(repo, COMMIT)).isInstanceOf(ObjectFormatException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    @Interop("ostree")
    void ostreeSeesDetachedMetadataWeWriteIntoItsRepository() throws IOException {
        Path tree = Files.createDirectories(repo.resolve("tree"));
        Files.writeString(tree.resolve("f"), "x");
        OstreeCli ostree = new OstreeCli(repo.resolve("r")).init("bare-user");
        ostree.run("commit", "-b", "main", tree.toString()).assertSuccess();
        Checksum c = Checksum.parse(ostree.run("rev-parse", "main").assertSuccess().stdout().strip());
        DetachedMetadataFile.write(ostree.repo(), c, Metadata.builder().putStrings("list", List.of("x", "y")).build());
        assertThat(ostree.run("show", "--print-detached-metadata-key=list", "main").assertSuccess().stdout().strip())
                .isEqualTo("['x', 'y']");
        ostree.run("fsck").assertSuccess();
    }
}
