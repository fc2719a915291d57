package io.bootc4j.ostree.internal.gvariant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Round trips of random typed values, and hostile bytes that may only produce GVariantFormatException. */
class GVariantPropertiesTest {

    @Property(tries = 2000)
    void everyRandomValueRoundTripsThroughNormalForm(@ForAll long seed) throws GVariantFormatException {
        RandomGVariants gen = new RandomGVariants(seed);
        GvType type = gen.type(4);
        Object value = gen.value(type, 4);
        byte[] bytes = GVariant.serialize(type, value);
        Object back = GVariant.deserialize(type, bytes);
        assertThat(RandomGVariants.deepEquals(value, back)).as("%s round trip", type).isTrue();
        assertThat(GVariant.serialize(type, back)).isEqualTo(bytes);
        if (type.isFixedSize()) {
            assertThat(bytes).hasSize(type.fixedSize());
        }
    }

    @Property(tries = 2000)
    void randomBytesOnlyEverFailWithTheDocumentedException(@ForAll long seed, @ForAll @Size(max = 300) byte[] data) {
        GvType type = new RandomGVariants(seed).type(4);
        assertOnlyFormatErrors(type, data);
    }

    @Property(tries = 3000)
    void mutatedValidBytesOnlyEverFailWithTheDocumentedException(@ForAll long seed) {
        RandomGVariants gen = new RandomGVariants(seed);
        GvType type = gen.type(4);
        byte[] bytes = GVariant.serialize(type, gen.value(type, 4));
        Random r = new Random(seed ^ 0x5DEECE66DL);
        int mutations = 1 + r.nextInt(3);
        for (int i = 0; i < mutations && bytes.length > 0; i++) {
            switch (r.nextInt(4)) {
                case 0 -> bytes[r.nextInt(bytes.length)] ^= (byte) (1 << r.nextInt(8));
                case 1 -> bytes[r.nextInt(bytes.length)] = (byte) r.nextInt();
                case 2 -> bytes = Arrays.copyOf(bytes, r.nextInt(bytes.length));
                default -> {
                    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1 + r.nextInt(8));
                    bytes = longer;
                }
            }
        }
        assertOnlyFormatErrors(type, bytes);
    }

    @Property(tries = 500)
    void ostreeObjectTypesRejectRandomBytesCleanly(@ForAll @Size(max = 400) byte[] data) {
        for (String t : new String[] {"(a(say)a(sayay))", "(uuua(ayay))", "(a{sv}aya(say)sstayay)",
                "(tuuuusa(ayay))", "(a(s(taya{sv}))a{sv})", "a{sv}"}) {
            assertOnlyFormatErrors(GvType.of(t), data);
        }
    }

    private static void assertOnlyFormatErrors(GvType type, byte[] data) {
        try {
            Object value = GVariant.deserialize(type, data);
            assertThat(GVariant.serialize(type, value)).as("accepted %s must be normal form", type).isEqualTo(data);
        } catch (GVariantFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
