package io.bootc4j.ostree.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.ContentHasher;
import io.bootc4j.ostree.FileHeader;
import io.bootc4j.ostree.FileObject;
import io.bootc4j.ostree.Repo;
import io.bootc4j.ostree.RepoMode;
import io.bootc4j.ostree.Xattrs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link ObjectWriter#writeContentFrom} (channel, direct buffer) stores what the stream form stores. */
class ObjectWriterChannelTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = RepoMode.class, names = {"BARE", "BARE_USER", "BARE_USER_ONLY", "ARCHIVE"})
    void aFileWrittenFromAChannelHasTheStreamChecksumAndContentAndASizeMismatchIsRefused(RepoMode mode)
            throws IOException {
        byte[] content = new byte[300_001]; // more than one 128 KiB read
        new SplittableRandom(5).nextBytes(content);
        Path src = Files.write(tmp.resolve("src"), content);
        FileHeader h = FileHeader.regularFile(0, 0, 0644, Xattrs.EMPTY);
        Checksum expected = ContentHasher.ofFile(h, new ByteArrayInputStream(content));
        Path repoDir = tmp.resolve("repo");
        Repo.create(repoDir, mode).close();
        LooseObjects objects = new LooseObjects(repoDir, mode);
        try (StagingArea staging = StagingArea.allocate(Files.createDirectories(repoDir.resolve("tmp")));
                ObjectWriter writer = new ObjectWriter(objects, staging, false, false, 6)) {
            try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ)) {
                assertThat(writer.writeContentFrom(h, in, content.length)).isEqualTo(expected);
            }
            try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ)) {
                assertThatThrownBy(() -> writer.writeContentFrom(h, in, content.length - 1))
                        .isInstanceOf(IOException.class).hasMessageContaining("longer than the declared");
            }
            try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ)) {
                assertThatThrownBy(() -> writer.writeContentFrom(h, in, content.length + 1))
                        .isInstanceOf(IOException.class).hasMessageContaining("ended after");
            }
            writer.publish();
        }
        try (FileObject f = objects.openFile(expected)) {
            assertThat(f.content().readAllBytes()).isEqualTo(content);
        }
    }
}
