package io.bootc4j.ostree.internal.gvariant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Serialized bytes from the GVariant specification and GLib's behaviour, plus hostile inputs. */
class GVariantBytesTest {

    private static final HexFormat HEX = HexFormat.of();

    private static String hex(String type, Object value) {
        return HEX.formatHex(GVariant.serialize(GvType.of(type), value));
    }

    private static Object roundTrip(String type, Object value) throws GVariantFormatException {
        GvType t = GvType.of(type);
        return GVariant.deserialize(t, GVariant.serialize(t, value));
    }

    @Test
    void stringArrayFromTheSpecificationHasOneByteOffsets() throws GVariantFormatException {
        List<String> value = List.of("i", "can", "has", "strings?");
        assertThat(hex("as", value)).isEqualTo("6900" + "63616e00" + "68617300" + "737472696e67733f00" + "02060a13");
        assertThat(roundTrip("as", value)).isEqualTo(value);
    }

    @Test
    void tupleOfStringAndIntFromTheSpecificationRecordsTheStringEnd() {
        assertThat(hex("(si)", List.of("foo", -1))).isEqualTo("666f6f00" + "ffffffff" + "04");
    }

    @Test
    void tupleWithVariableMemberBeforeFixedOneRecordsItsEnd() {
        assertThat(hex("(sy)", List.of("ab", (byte) 7))).isEqualTo("616200" + "07" + "03");
    }

    @Test
    void fixedSizeTupleIsPaddedToItsAlignment() {
        assertThat(hex("(ty)", List.of(1L, (byte) 2))).isEqualTo("0100000000000000" + "02" + "00000000000000");
        assertThat(GvType.of("(ty)").fixedSize()).isEqualTo(16);
        assertThat(hex("()", List.of())).isEqualTo("00");
    }

    @Test
    void variantIsValueThenNulThenTypeString() throws GVariantFormatException {
        assertThat(hex("v", new Variant(GvType.of("u"), 5))).isEqualTo("05000000" + "00" + "75");
        assertThat(roundTrip("v", new Variant(GvType.of("as"), List.of("x"))))
                .isEqualTo(new Variant(GvType.of("as"), List.of("x")));
    }

    @Test
    void maybeOfVariableChildAppendsNulAndNothingIsEmpty() throws GVariantFormatException {
        assertThat(hex("ms", Optional.of("a"))).isEqualTo("6100" + "00");
        assertThat(hex("ms", Optional.empty())).isEmpty();
        assertThat(hex("mu", Optional.of(1))).isEqualTo("01000000");
        assertThat(roundTrip("ms", Optional.of("a"))).isEqualTo(Optional.of("a"));
    }

    @Test
    void framingOffsetsWidenAt256And65536Bytes() throws GVariantFormatException {
        for (int total : new int[] {250, 255, 256, 300, 65_000, 65_600, 70_000}) {
            List<String> items = new ArrayList<>();
            int n = 10;
            for (int i = 0; i < n; i++) {
                items.add("x".repeat(Math.max(1, total / n - 1)));
            }
            byte[] bytes = GVariant.serialize(GvType.of("as"), items);
            int body = items.stream().mapToInt(s -> s.length() + 1).sum();
            int width = (bytes.length - body) / n;
            int expected = body + n <= 0xFF ? 1 : body + 2 * n <= 0xFFFF ? 2 : 4;
            assertThat(width).as("offset width for body %d", body).isEqualTo(expected);
            assertThat(GVariant.deserialize(GvType.of("as"), bytes)).isEqualTo(items);
        }
    }

    @Test
    void typeStringsAreValidated() {
        assertThat(GvType.of("a{sv}").alignment()).isEqualTo(8);
        assertThat(GvType.of("(a(say)a(sayay))").isFixedSize()).isFalse();
        for (String bad : new String[] {"", "a", "(s", "{sv", "{vs}", "{s}", "z", "ss", "(s))"}) {
            assertThatThrownBy(() -> GvType.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("\"" + bad + "\"");
        }
    }

    @Test
    void readerRejectsNonZeroPadding() throws GVariantFormatException {
        byte[] bytes = HEX.parseHex("6600" + "0000" + "ffffffff" + "02");
        assertThat(GVariant.deserialize(GvType.of("(si)"), bytes.clone())).isEqualTo(List.of("f", -1));
        bytes[3] = 1;
        assertThatThrownBy(() -> GVariant.deserialize(GvType.of("(si)"), bytes))
                .isInstanceOf(GVariantFormatException.class).hasMessageContaining("padding");
        byte[] padded = HEX.parseHex("01000000000000000201000000000000");
        assertThatThrownBy(() -> GVariant.deserialize(GvType.of("(ty)"), padded))
                .isInstanceOf(GVariantFormatException.class).hasMessageContaining("padding");
    }

    @Test
    void readerRejectsOffsetsPointingOutsideTheContainer() {
        byte[] bytes = HEX.parseHex("6900" + "63616e00" + "68617300" + "737472696e67733f00" + "02060a13");
        bytes[bytes.length - 2] = (byte) 0x30;
        assertThatThrownBy(() -> GVariant.deserialize(GvType.of("as"), bytes))
                .isInstanceOf(GVariantFormatException.class).hasMessageContaining("as");
        byte[] last = bytes.clone();
        last[last.length - 1] = (byte) 0xFF;
        assertThatThrownBy(() -> GVariant.deserialize(GvType.of("as"), last))
                .isInstanceOf(GVariantFormatException.class).hasMessageContaining("framing offset");
    }

    @Test
    void readerRejectsStringsWithoutTerminatorOrWithBadUtf8() {
        assertThatThrownBy(() -> GVariant.deserialize(GvType.of("s"), "ab".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(GVariantFormatException.class).hasMessageContaining("NUL-terminated");
        assertThatThrownBy(() -> GVariant.deserialize(GvType.of("s"), new byte[] {(byte) 0xC0, (byte) 0x80, 0}))
                .isInstanceOf(GVariantFormatException.class).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> GVariant.deserialize(GvType.of("b"), new byte[] {2}))
                .isInstanceOf(GVariantFormatException.class).hasMessageContaining("boolean");
    }

    @Test
    void readerRejectsDeeplyNestedVariantsWithoutOverflowingTheStack() {
        byte[] inner = {0, 'y'};
        byte[] data = new byte[] {1, 0, 'y'};
        for (int i = 0; i < 10_000; i++) {
            byte[] next = Arrays.copyOf(data, data.length + 2);
            next[data.length] = 0;
            next[data.length + 1] = 'v';
            data = next;
        }
        byte[] hostile = data;
        assertThat(inner).hasSize(2);
        assertThatThrownBy(() -> GVariant.deserialize(GvType.of("v"), hostile))
                .isInstanceOf(GVariantFormatException.class).hasMessageContaining("deeper than");
    }

    @Test
    void readerRejectsVariantWithInvalidTypeString() {
        assertThatThrownBy(() -> GVariant.deserialize(GvType.of("v"), HEX.parseHex("05000000" + "00" + "7a")))
                .isInstanceOf(GVariantFormatException.class).hasMessageContaining("\"z\"");
        assertThatThrownBy(() -> GVariant.deserialize(GvType.of("v"), HEX.parseHex("0500000000")))
                .isInstanceOf(GVariantFormatException.class);
    }
}
