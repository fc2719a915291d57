package io.bootc4j.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class KernelArgsTest {

    @Test
    void quotedValuesWithSpacesStayOneArgument() {
        KernelArgs k = KernelArgs.parse("root=UUID=abc  rw\tdyndbg=\"file a.c +p\" \"quoted whole\" quiet");
        assertThat(k.args()).containsExactly("root=UUID=abc", "rw", "dyndbg=\"file a.c +p\"", "\"quoted whole\"", "quiet");
        assertThat(k.toString()).isEqualTo("root=UUID=abc rw dyndbg=\"file a.c +p\" \"quoted whole\" quiet");
        assertThat(k.lastValue("root")).contains("UUID=abc");
        assertThat(KernelArgs.unquote(k.lastValue("dyndbg").orElseThrow())).isEqualTo("file a.c +p");
    }

    @Test
    void argQuotesValuesThatContainWhitespace() {
        assertThat(KernelArgs.arg("k", "a b")).isEqualTo("k=\"a b\"");
        assertThat(KernelArgs.arg("k", "ab")).isEqualTo("k=ab");
        assertThat(KernelArgs.arg("quiet", null)).isEqualTo("quiet");
    }

    @Test
    void unbalancedQuoteIsRefusedQuotingTheInput() {
        assertThatThrownBy(() -> KernelArgs.parse("a=\"b c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kernel command line \"a=\"b c\": unbalanced double quote at offset 2");
        assertThat(KernelArgs.tryParse("a=\"b c")).isEmpty();
    }

    @Test
    void replaceSubstitutesEveryArgumentWithTheKeyAtTheFirstPosition() {
        KernelArgs k = KernelArgs.parse("console=tty0 rw console=ttyS0 quiet");
        assertThat(k.replace("console=ttyS1").toString()).isEqualTo("console=ttyS1 rw quiet");
        assertThat(k.replace("new=1").toString()).isEqualTo("console=tty0 rw console=ttyS0 quiet new=1");
    }

    @Test
    void appendKeepsExistingArgumentsWithTheSameKey() {
        assertThat(KernelArgs.parse("console=tty0").append("console=ttyS0").toString())
                .isEqualTo("console=tty0 console=ttyS0");
        assertThat(KernelArgs.parse("a b").appendIfMissing("a").toString()).isEqualTo("a b");
    }

    @Test
    void deleteFollowsOstreeRules() {
        KernelArgs k = KernelArgs.parse("console=tty0 quiet console=ttyS0 rw");
        assertThat(k.delete("quiet").toString()).isEqualTo("console=tty0 console=ttyS0 rw");
        assertThat(k.delete("console=ttyS0").toString()).isEqualTo("console=tty0 quiet rw");
        assertThatThrownBy(() -> k.delete("console")).hasMessage("Multiple values for key 'console' found");
        assertThatThrownBy(() -> k.delete("missing")).hasMessage("No key 'missing' found");
        assertThatThrownBy(() -> k.delete("rw=1")).hasMessage("No karg 'rw=1' found");
        assertThatThrownBy(() -> k.delete("console=x")).hasMessage("No karg 'console=x' found");
    }

    @Test
    void replaceValueChangesOneValueInPlace() {
        KernelArgs k = KernelArgs.parse("console=tty0 quiet console=ttyS0");
        assertThat(k.replaceValue("console=ttyS0=ttyS1").toString()).isEqualTo("console=tty0 quiet console=ttyS1");
        assertThat(KernelArgs.parse("root=/a rw").replaceValue("root=/b").toString()).isEqualTo("root=/b rw");
        assertThatThrownBy(() -> k.replaceValue("console=hvc0")).hasMessage("Multiple values for key 'console' found");
        assertThatThrownBy(() -> k.replaceValue("console=nope=x")).hasMessage("No karg 'console=nope' found");
    }

    @Test
    void ofRefusesTextThatIsNotOneArgument() {
        assertThatThrownBy(() -> KernelArgs.of("a b")).hasMessage("\"a b\" is not a single kernel argument");
    }

    @Property
    void renderedCommandLinesParseBackToTheSameArguments(@ForAll("cmdlines") KernelArgs args) {
        KernelArgs again = KernelArgs.parse(args.toString());
        assertThat(again).isEqualTo(args);
        assertThat(again.toString()).isEqualTo(args.toString());
    }

    @Provide
    Arbitrary<KernelArgs> cmdlines() {
        Arbitrary<String> key = Arbitraries.strings().withChars("abcxyz_-.0129").ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> value = Arbitraries.strings().withChars("abc=/,: \t0129UUID").ofMaxLength(12);
        Arbitrary<String> arg = Combinators.combine(key, value, Arbitraries.integers().between(0, 2))
                .as((k, v, kind) -> kind == 0 ? k : KernelArgs.arg(k, kind == 1 ? v.strip() : v));
        return arg.list().ofMaxSize(10).map(KernelArgs::of);
    }
}
