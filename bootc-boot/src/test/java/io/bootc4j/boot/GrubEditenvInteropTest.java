package io.bootc4j.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.testing.Interop;
import io.bootc4j.testing.ProcessResult;
import io.bootc4j.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our grubenv against grub-editenv (grub-common): each reads what the other writes, byte for byte. */
@Interop({"grub-editenv"})
class GrubEditenvInteropTest {

    @TempDir
    Path dir;

    private static ProcessResult editenv(Path file, String... args) {
        List<String> cmd = new ArrayList<>(List.of("grub-editenv", file.toString()));
        cmd.addAll(List.of(args));
        return Processes.run(cmd);
    }

    /** What `grub-editenv FILE list` prints for these variables. */
    private static String listing(Map<String, String> vars) {
        StringBuilder out = new StringBuilder();
        vars.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        return out.toString();
    }

    private static Map<String, String> awkwardVariables() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("saved_entry", "ostree-0-dev");
        vars.put("backslash", "a\\b\\\\c\\");
        vars.put("newline", "line1\nline2\n");
        vars.put("equals", "k=v=w");
        vars.put("empty", "");
        vars.put("hash", "#not a comment");
        vars.put("utf8", "Grüße");
        return vars;
    }

    @Test
    void grubEditenvReadsBlocksWeWrite() throws Exception {
        Map<String, String> vars = awkwardVariables();
        for (int i = 0; i < 30; i++) {
            vars.put("key" + i, "value" + i);
        }
        Grubenv env = Grubenv.create();
        for (Map.Entry<String, String> v : vars.entrySet()) {
            env = env.set(v.getKey(), v.getValue());
        }
        Path file = dir.resolve("ours");
        env.write(file);
        assertThat(editenv(file, "list").assertSuccess().stdout()).isEqualTo(listing(vars));
    }

    @Test
    void weReadBlocksGrubEditenvWritesAndEditThemIdentically() throws Exception {
        Path theirs = dir.resolve("theirs");
        Map<String, String> vars = awkwardVariables();
        for (int i = 0; i < 25; i++) {
            vars.put("many" + i, "v" + i);
        }
        List<String> sets = new ArrayList<>();
        vars.forEach((k, v) -> sets.add(k + "=" + v));
        editenv(theirs, "create").assertSuccess();
        List<String> args = new ArrayList<>(List.of("set"));
        args.addAll(sets);
        editenv(theirs, args.toArray(String[]::new)).assertSuccess();
        Grubenv parsed = Grubenv.read(theirs);
        assertThat(parsed.variables()).isEqualTo(vars);
        assertThat(parsed.toBytes()).isEqualTo(Files.readAllBytes(theirs));

        // Same edits on both sides: change in place (shorter and longer), unset, append.
        editenv(theirs, "set", "saved_entry=x", "equals=a much longer value than before").assertSuccess();
        editenv(theirs, "unset", "backslash").assertSuccess();
        editenv(theirs, "set", "new=1").assertSuccess();
        Grubenv ours = parsed.set("saved_entry", "x").set("equals", "a much longer value than before")
                .unset("backslash").set("new", "1");
        assertThat(ours.toBytes()).isEqualTo(Files.readAllBytes(theirs));
    }

    @Test
    void aNearlyFullBlockIsFullForBothOfUs() throws Exception {
        Path theirs = dir.resolve("full");
        editenv(theirs, "create").assertSuccess();
        Grubenv env = Grubenv.read(theirs);
        int used = 1024 - countPadding(env.toBytes());
        String filler = "f".repeat(1024 - used - "big=\n".length() - 1);
        editenv(theirs, "set", "big=" + filler).assertSuccess();
        env = env.set("big", filler);
        assertThat(env.toBytes()).isEqualTo(Files.readAllBytes(theirs));
        assertThat(countPadding(env.toBytes())).isEqualTo(1);
        // One byte left: neither of us fits a new variable, both still fit a one-byte growth.
        assertThat(editenv(theirs, "set", "z=1").exitCode()).isNotZero();
        Grubenv last = env;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> last.set("z", "1")).isInstanceOf(BootException.class);
        editenv(theirs, "set", "big=" + filler + "g").assertSuccess();
        assertThat(env.set("big", filler + "g").toBytes()).isEqualTo(Files.readAllBytes(theirs));
        assertThat(editenv(theirs, "list").assertSuccess().stdout()).isEqualTo("big=" + filler + "g\n");
    }

    private static int countPadding(byte[] b) {
        int n = 0;
        for (int i = b.length - 1; i >= 0 && b[i] == '#'; i--) {
            n++;
        }
        return n;
    }
}
