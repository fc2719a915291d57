package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
}
