package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataTest {

    @Test
    void keepsInsertionOrderBecauseOstreeDoesNotSortCommitMetadata() throws ObjectFormatException {
        Metadata m = Metadata.builder().putString("version", "42").putStrings("ostree.ref-binding", List.of("a"))
                .putBoolean("ostree.bootable", true).build();
        assertThat(m.entries()).extracting(Metadata.Entry::key)
                .containsExactly("version", "ostree.ref-binding", "ostree.bootable");
        assertThat(Metadata.parse(m.serialize())).isEqualTo(m);
    }

    @Test
    void putReplacesInPlaceAndAppendByteStringGrowsTheArray() {
        Metadata m = Metadata.builder().putString("a", "1").putString("b", "2").putString("a", "3")
                .appendByteString("sigs", new byte[] {1}).appendByteString("sigs", new byte[] {2}).build();
        assertThat(m.entries()).extracting(Metadata.Entry::key).containsExactly("a", "b", "sigs");
        assertThat(m.getString("a")).contains("3");
        assertThat(m.getByteStrings("sigs").orElseThrow()).containsExactly(new byte[] {1}, new byte[] {2});
        assertThatThrownBy(() -> m.toBuilder().appendByteString("a", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"a\"");
    }

    @Test
    void integersAreLittleEndianUnlessOstreeOwnsThem() {
        Metadata m = Metadata.builder().putU32("user", 5).putU64BigEndian("ostree.commit.timestamp", 1L).build();
        String hex = HexFormat.of().formatHex(m.serialize());
        assertThat(hex).contains("05000000" + "00" + "75");
        assertThat(hex).contains("0000000000000001" + "00" + "74");
        assertThat(m.getU64BigEndian("ostree.commit.timestamp")).contains(1L);
    }

    @Test
    void unknownValueTypesRoundTripByteForByte() throws ObjectFormatException {
        Metadata inner = Metadata.builder().putString("k", "v").build();
        Metadata m = Metadata.builder()
                .put("pair", new MetadataValue.Raw("(su)", new byte[] {'x', 0, 0, 0, 7, 0, 0, 0, 2}))
                .put("double", new MetadataValue.Raw("d", new byte[8]))
                .putDict("nested", inner).putBytes("bytes", new byte[] {9}).build();
        byte[] bytes = m.serialize();
        Metadata back = Metadata.parse(bytes);
        assertThat(back).isEqualTo(m);
        assertThat(back.serialize()).isEqualTo(bytes);
        assertThat(back.getDict("nested")).contains(inner);
        assertThat(back.get("pair").orElseThrow().typeString()).isEqualTo("(su)");
        assertThatThrownBy(() -> new MetadataValue.Raw("(su)", new byte[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsedDuplicateKeysAreKeptAndLookupsReturnTheFirst() throws ObjectFormatException {
        Metadata one = Metadata.builder().putString("k", "first").build();
        Metadata two = Metadata.builder().putString("k", "second").build();
        Metadata dup = Metadata.ofEntries(List.of(one.entries().get(0), two.entries().get(0)));
        Metadata back = Metadata.parse(dup.serialize());
        assertThat(back.size()).isEqualTo(2);
        assertThat(back.getString("k")).contains("first");
        assertThat(back.entries().get(1).value()).isEqualTo(new MetadataValue.Text("second"));
    }
}
