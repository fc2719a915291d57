package io.bootc4j.boot;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** No input makes the parsers throw anything but their documented exception. */
class HostileInputPropertiesTest {

    @Property(tries = 500)
    void grubenvParseEitherSucceedsOrRefusesTheFile(@ForAll("grubenvBytes") byte[] block) {
        try {
            Grubenv env = Grubenv.parse("fuzz", block);
            env.toBytes();
        } catch (BootFileFormatException expected) {
            // refused with a reason
        }
    }

    @Provide
    Arbitrary<byte[]> grubenvBytes() {
        Arbitrary<String> body = Arbitraries.strings().withChars("ab=\\\n#é\u0000").ofMaxLength(1100);
        return body.map(b -> ("# GRUB Environment Block\n" + b).getBytes(StandardCharsets.UTF_8))
                .injectDuplicates(0.01);
    }

    @Property(tries = 500)
    void bootEntryParseEitherSucceedsOrRefusesTheFile(@ForAll("entryText") String text) {
        try {
            BootEntry e = BootEntry.parse("fuzz", text);
            BootEntry.parse("again", e.render());
        } catch (BootFileFormatException expected) {
            // refused with a reason
        }
    }

    @Provide
    Arbitrary<String> entryText() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.of("linux /v", "title T", "options a=\"b c\"", "options \"", "initrd /i", "#c", "", " x y",
                        "efi /e", "=v", "version 1"),
                Arbitraries.strings().withChars("ab \t\"=#\r").ofMaxLength(10));
        return line.list().ofMaxSize(8).map(l -> String.join("\n", l));
    }

    @Property(tries = 500)
    void kargsDParseEitherSucceedsOrRefusesTheFile(@ForAll("tomlText") String text) {
        try {
            KargsD.parseFile("fuzz.toml", "fuzz.toml", text);
        } catch (BootFileFormatException expected) {
            // refused with a reason
        }
    }

    @Provide
    Arbitrary<String> tomlText() {
        Arbitrary<String> token = Arbitraries.of("kargs", "match-architectures", " = ", "[", "]", ",", "\"a\"",
                "'b'", "\"\\u00e9\"", "\"\\", "\n", "#x\n", "\"", "'''", "x.y", "42", "[t]\n", "\"\\U0011FFFF\"");
        return token.list().ofMaxSize(12).map(l -> String.join("", l));
    }
}
