package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One reused {@link ContentHasher} (it caches the last serialised header) against fresh ones. */
class ContentHasherReuseTest {

    @Test
    void aHasherReusedOverRepeatedAndChangingHeadersGivesEachFileItsOwnChecksum() throws IOException {
        Xattrs x = Xattrs.of(Map.of("user.a", "1".getBytes(StandardCharsets.UTF_8)));
        List<FileHeader> headers = List.of(FileHeader.regularFile(0, 0, 0644, Xattrs.EMPTY),
                FileHeader.regularFile(0, 0, 0644, Xattrs.EMPTY), FileHeader.regularFile(0, 0, 0755, Xattrs.EMPTY),
                FileHeader.regularFile(0, 0, 0644, x), FileHeader.regularFile(0, 0, 0644, Xattrs.EMPTY),
                FileHeader.regularFile(1000, 0, 0644, Xattrs.EMPTY), FileHeader.regularFile(0, 0, 0644, Xattrs.EMPTY));
        ContentHasher reused = null;
        for (int i = 0; i < headers.size(); i++) {
            FileHeader h = headers.get(i);
            byte[] content = ("content " + (i % 2)).getBytes(StandardCharsets.UTF_8);
            reused = reused == null ? ContentHasher.begin(h) : reused.restart(h);
            Checksum got = reused.update(content, 0, content.length).finish();
            assertThat(got).as("file %d", i).isEqualTo(ContentHasher.ofFile(h, new ByteArrayInputStream(content)));
        }
    }

    @Test
    void theStaticHelpersGiveFreshResultsAfterAFailedReadAndWhileAnotherHashIsUnderWay() throws IOException {
        FileHeader h = FileHeader.regularFile(0, 0, 0644, Xattrs.EMPTY);
        byte[] content = "abc".getBytes(StandardCharsets.UTF_8);
        Checksum expected = ContentHasher.begin(h).update(content, 0, content.length).finish();
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }
        };
        assertThatThrownBy(() -> ContentHasher.ofFile(h, failing)).hasMessageContaining("disk on fire");
        assertThat(ContentHasher.ofFile(h, new ByteArrayInputStream(content))).isEqualTo(expected);
        // a stream that itself hashes a file while it is being read
        Checksum[] inner = new Checksum[1];
        InputStream nesting = new ByteArrayInputStream(content) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                if (inner[0] == null) {
                    try {
                        inner[0] = ContentHasher.ofFile(h, new ByteArrayInputStream(content));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return super.read(b, off, len);
            }
        };
        assertThat(ContentHasher.ofFile(h, nesting)).isEqualTo(expected);
        assertThat(inner[0]).isEqualTo(expected);
    }
}
