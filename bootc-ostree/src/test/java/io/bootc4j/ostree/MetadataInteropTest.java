package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commit metadata of many GVariant types, serialized by GLib via ostree, parsed and re-serialized by us. */
@Interop("ostree")
class MetadataInteropTest {

    @TempDir
    Path tmp;

    @Test
    void metadataOfEveryKindGlibWritesRoundTripsByteForByte() throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        OstreeCli ostree = new OstreeCli(tmp.resolve("repo")).init("archive");
        List<String> values = List.of("nested={'a': <uint32 1>, 'b': <'two'>}", "dbl=3.5", "arr=@at [1, 2, 3]",
                "maybe=@ms 'x'", "nothing=@ms nothing", "neg=int64 -5", "tuple=('s', byte 0x7f, true)",
                "bytes=b'abc'", "empty=@a{sv} {}", "strs=['x', 'yy', '']", "obj=objectpath '/a/b'",
                "bool=false", "big=uint64 18446744073709551615", "dicts=[{'k': <1>}, {}]");
        List<String> args = new java.util.ArrayList<>(List.of("-b", "meta", "--no-bindings", "--timestamp=@1"));
        values.forEach(v -> args.add("--add-metadata=" + v));
        args.add(tree.toString());
        Checksum c = Checksum.parse(ostree.run("commit", args.toArray(String[]::new)).assertSuccess().stdout().strip());
        byte[] bytes = Files.readAllBytes(ostree.repo().resolve(new ObjectName(c, ObjectType.COMMIT).looseRelativePath(true)));
        Commit commit = Commit.parse(bytes);
        assertThat(commit.serialize()).isEqualTo(bytes);
        Metadata m = commit.metadata();
        assertThat(m.entries()).extracting(Metadata.Entry::key).containsExactly("nested", "dbl", "arr", "maybe",
                "nothing", "neg", "tuple", "bytes", "empty", "strs", "obj", "bool", "big", "dicts");
        assertThat(m.getDict("nested").orElseThrow().getString("b")).contains("two");
        assertThat(m.getDict("nested").orElseThrow().get("a")).contains(new MetadataValue.U32(1));
        assertThat(m.getStrings("strs")).contains(List.of("x", "yy", ""));
        assertThat(m.getBoolean("bool")).contains(false);
        assertThat(m.get("big")).contains(new MetadataValue.U64(-1L));
        assertThat(m.get("tuple").orElseThrow().typeString()).isEqualTo("(syb)");
        assertThat(m.get("maybe").orElseThrow()).isInstanceOf(MetadataValue.Raw.class);
        assertThat(m.getDict("empty")).contains(Metadata.EMPTY);

        // and ostree prints what we write for the same values
        Metadata rebuilt = Metadata.builder().putString("s", "text").putDict("d", m.getDict("nested").orElseThrow())
                .put("raw", m.get("tuple").orElseThrow()).build();
        Commit ours = commit.toBuilder().metadata(rebuilt).build();
        Path target = ostree.repo().resolve(new ObjectName(ours.checksum(), ObjectType.COMMIT).looseRelativePath(true));
        Files.createDirectories(target.getParent());
        Files.write(target, ours.serialize());
        assertThat(ostree.run("show", "--print-metadata-key=raw", ours.checksum().toString()).assertSuccess().stdout()
                .strip()).isEqualTo("('s', byte 0x7f, true)");
        // ostree show byte-swaps commit metadata for display (it assumes ostree's own big-endian
        // fields), so GLib's little-endian uint32 1 prints as 16777216, exactly as for its own commit
        assertThat(ostree.run("show", "--print-metadata-key=d", ours.checksum().toString()).assertSuccess().stdout()
                .strip()).isEqualTo(ostree.run("show", "--print-metadata-key=nested", c.toString()).stdout().strip())
                .isEqualTo("{'a': <uint32 16777216>, 'b': <'two'>}");
    }
}
