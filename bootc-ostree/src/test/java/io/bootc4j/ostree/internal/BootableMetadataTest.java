package io.bootc4j.ostree.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.ostree.Metadata;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootableMetadataTest {

    @Test
    void gStrHashIsDjb2OverTheBytes() {
        assertThat(BootableMetadata.strHash("")).isEqualTo(5381);
        assertThat(BootableMetadata.strHash("a")).isEqualTo(5381 * 33 + 'a');
    }

    @Test
    void bootableKeysComeOutInGlibHashTableOrderAsOstreeWritesThem() {
        // reference: ostree-format §4.2, verified against ostree commit --bootable
        assertThat(BootableMetadata.hashTableOrder(List.of("ostree.ref-binding", "ostree.linux", "ostree.bootable")))
                .containsExactly("ostree.linux", "ostree.bootable", "ostree.ref-binding");
        Metadata m = BootableMetadata.addBootableKeys(
                Metadata.builder().putStrings("ostree.ref-binding", List.of("os")).build(), "6.1.0");
        assertThat(m.entries()).extracting(Metadata.Entry::key)
                .containsExactly("ostree.linux", "ostree.bootable", "ostree.ref-binding");
        assertThat(m.getString("ostree.linux")).contains("6.1.0");
        assertThat(m.getBoolean("ostree.bootable")).contains(true);
    }

    @Test
    void manyKeysSurviveATableResizeWithoutLosingAny() {
        List<String> keys = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k");
        assertThat(BootableMetadata.hashTableOrder(keys)).containsExactlyInAnyOrderElementsOf(keys);
    }
}
