package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.ostree.internal.gvariant.GVariant;
import io.bootc4j.ostree.internal.gvariant.GvType;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryTest {

    @TempDir
    Path tmp;

    private static Commit commit(String subject, long ts, String version) {
        Metadata.Builder m = Metadata.builder();
        if (version != null) {
            m.putString("version", version);
        }
        return Commit.builder().metadata(m.build()).subject(subject).timestamp(ts)
                .rootTree(DirTree.EMPTY.checksum()).rootMeta(new DirMeta(0, 0, 040755, Xattrs.EMPTY).checksum()).build();
    }

    @Test
    void refsAreSortedByNameBytesAndRoundTrip() throws ObjectFormatException {
        Summary s = Summary.builder().addRef("b", commit("b", 2, null)).addRef("B", commit("B", 1, "1.0"))
                .addRef("a/x", commit("a", 3, null)).metadata(Summary.standardMetadata("archive-z2", 99, false)).build();
        assertThat(s.refs()).extracting(Summary.Ref::name).containsExactly("B", "a/x", "b");
        Summary back = Summary.parse(s.serialize());
        assertThat(back).isEqualTo(s);
        assertThat(back.ref("B").orElseThrow().metadata().getString(Summary.COMMIT_VERSION)).contains("1.0");
        assertThat(back.ref("b").orElseThrow().timestamp()).contains(2L);
        assertThat(back.metadata().getU64BigEndian(Summary.LAST_MODIFIED)).contains(99L);
        assertThatThrownBy(() -> Summary.builder().addRef("b", commit("b", 2, null)).addRef("b", commit("c", 2, null)))
                .hasMessageContaining("\"b\"");
    }

    @Test
    void unsortedRefsAreRejected() {
        byte[] bytes = GVariant.serialize(GvType.of("(a(s(taya{sv}))a{sv})"), List.of(List.of(
                List.of("z", List.of(1L, new byte[32], List.of())),
                List.of("a", List.of(1L, new byte[32], List.of()))), List.of()));
        assertThatThrownBy(() -> Summary.parse(bytes)).isInstanceOf(ObjectFormatException.class)
                .hasMessageContaining("\"a\" is not sorted after \"z\"");
    }

    @Test
    @Interop("ostree")
    void weWriteTheSameSummaryBytesAsOstreeAndItReadsOurs() throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(tree.resolve("f"), "x");
        OstreeCli ostree = new OstreeCli(tmp.resolve("repo")).init("archive");
        ostree.run("commit", "-b", "test/ref", "-s", "one", "--timestamp=@1700000000", tree.toString()).assertSuccess();
        ostree.run("commit", "-b", "other/ref", "-s", "two", "--add-metadata-string=version=2.0",
                "--timestamp=@1700000100", tree.toString()).assertSuccess();
        ostree.run("summary", "-u").assertSuccess();
        byte[] theirs = Files.readAllBytes(ostree.repo().resolve("summary"));
        Summary parsed = Summary.parse(theirs);
        assertThat(parsed.serialize()).isEqualTo(theirs);

        Summary.Builder ours = Summary.builder();
        for (String ref : List.of("test/ref", "other/ref")) {
            Checksum c = Checksum.parse(ostree.run("rev-parse", ref).assertSuccess().stdout().strip());
            byte[] commitBytes = Files.readAllBytes(ostree.repo().resolve(
                    new ObjectName(c, ObjectType.COMMIT).looseRelativePath(true)));
            ours.addRef(ref, Commit.parse(commitBytes));
        }
        long lastModified = parsed.metadata().getU64BigEndian(Summary.LAST_MODIFIED).orElseThrow();
        ours.metadata(Summary.standardMetadata("archive-z2", lastModified, false));
        Summary summary = ours.build();
        assertThat(summary.serialize()).isEqualTo(theirs);

        Summary shifted = Summary.builder().addRef(summary.refs().get(0)).metadata(Summary.standardMetadata("archive-z2", 1_234_567_890L, true)).build();
        Files.write(ostree.repo().resolve("summary"), shifted.serialize());
        String view = ostree.run("summary", "--view").assertSuccess().stdout();
        assertThat(view).contains("* other/ref").contains(summary.refs().get(0).commit().toString())
                .contains("Version (ostree.commit.version): 2.0").contains("2009-02-13T23:31:30+00")
                .contains("Has Tombstone Commits (ostree.summary.tombstone-commits): Yes").doesNotContain("test/ref");
    }
}
