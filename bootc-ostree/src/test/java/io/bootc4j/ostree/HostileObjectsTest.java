package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.ostree.internal.gvariant.GVariant;
import io.bootc4j.ostree.internal.gvariant.GvType;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Malformed objects from outside fail with typed exceptions that name the input and the offence. */
class HostileObjectsTest {

    private static final Checksum A = Checksum.sha256(new byte[] {1});
    private static final Checksum B = Checksum.sha256(new byte[] {2});

    private static byte[] rawDirTree(List<String> fileNames) {
        List<Object> files = fileNames.stream().<Object>map(n -> List.of(n, A.bytes())).toList();
        return GVariant.serialize(GvType.of("(a(say)a(sayay))"), List.of(files, List.of()));
    }

    @Test
    void dirTreeParseRejectsAParentReferenceLikeThePathTraversalFixture() {
        byte[] data = rawDirTree(List.of("../afile"));
        assertThatThrownBy(() -> DirTree.parse(data)).isInstanceOf(UnsafeNameException.class)
                .hasMessageContaining("\"../afile\"").hasMessageContaining("'/'")
                .hasMessageContaining(Checksum.sha256(data).toString())
                .extracting(e -> ((UnsafeNameException) e).name()).isEqualTo("../afile");
    }

    @Test
    void dirTreeParseRejectsEveryUnsafeName() {
        for (String bad : new String[] {"", ".", "..", "a/b", "/"}) {
            assertThatThrownBy(() -> DirTree.parse(rawDirTree(List.of(bad)))).as(bad)
                    .isInstanceOf(UnsafeNameException.class).hasMessageContaining("\"" + bad + "\"");
        }
    }

    @Test
    void dirTreeParseRejectsUnsortedAndDuplicateEntries() {
        assertThatThrownBy(() -> DirTree.parse(rawDirTree(List.of("b", "a"))))
                .isInstanceOf(ObjectFormatException.class).hasMessageContaining("not sorted");
        assertThatThrownBy(() -> DirTree.parse(rawDirTree(List.of("a", "a"))))
                .isInstanceOf(UnsafeNameException.class).hasMessageContaining("more than once");
        byte[] both = GVariant.serialize(GvType.of("(a(say)a(sayay))"),
                List.of(List.of(List.of("x", A.bytes())), List.of(List.of("x", A.bytes(), B.bytes()))));
        assertThatThrownBy(() -> DirTree.parse(both)).isInstanceOf(UnsafeNameException.class);
    }

    @Test
    void dirTreeParseRejectsShortChecksums() {
        byte[] data = GVariant.serialize(GvType.of("(a(say)a(sayay))"),
                List.of(List.of(List.of("f", new byte[31])), List.of()));
        assertThatThrownBy(() -> DirTree.parse(data)).isInstanceOf(ObjectFormatException.class)
                .hasMessageContaining("\"f\"").hasMessageContaining("31 bytes");
    }

    @Test
    void dirTreeBuilderRejectsUnsafeAndDuplicateNames() throws UnsafeNameException {
        DirTree.Builder b = DirTree.builder().addFile("ok", A);
        assertThatThrownBy(() -> b.addDir("ok", A, B)).isInstanceOf(UnsafeNameException.class)
                .hasMessageContaining("\"ok\"");
        assertThatThrownBy(() -> b.addFile("..", A)).isInstanceOf(UnsafeNameException.class);
        assertThatThrownBy(() -> b.addFile("a\0b", A)).isInstanceOf(UnsafeNameException.class)
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> b.addFile("bad\uD800", A)).isInstanceOf(UnsafeNameException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void dirTreeSortsByUtf8BytesNotByUtf16() throws UnsafeNameException {
        // U+FF21 (3 UTF-8 bytes, EF BC A1) sorts before U+1F600 (F0 9F 98 80) in strcmp order,
        // but after it in String.compareTo (the surrogate D83D < FF21).
        DirTree t = DirTree.builder().addFile("\uD83D\uDE00", A).addFile("\uFF21", A).addFile("Z", A)
                .addFile("a", A).build();
        assertThat(t.files()).extracting(DirTree.File::name).containsExactly("Z", "a", "\uFF21", "\uD83D\uDE00");
    }

    @Test
    void commitParseRejectsAParentThatIsNotAChecksum() {
        byte[] data = GVariant.serialize(GvType.of("(a{sv}aya(say)sstayay)"),
                List.of(List.of(), new byte[5], List.of(), "", "", 0L, A.bytes(), B.bytes()));
        assertThatThrownBy(() -> Commit.parse(data)).isInstanceOf(ObjectFormatException.class)
                .hasMessageContaining("commit parent").hasMessageContaining("5 bytes");
    }

    @Test
    void truncatedCommitFailsWithObjectFormatExceptionNamingTheObjectKind() {
        Commit c = Commit.builder().subject("x").rootTree(A).rootMeta(B).build();
        byte[] bytes = c.serialize();
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        assertThatThrownBy(() -> Commit.parse(cut)).isInstanceOf(ObjectFormatException.class)
                .hasMessageStartingWith("commit (" + cut.length + " bytes)");
    }

    @Test
    void checksumParseQuotesTheBadInput() {
        assertThatThrownBy(() -> Checksum.parse("ABC")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"ABC\"");
        assertThat(Checksum.tryParse(A.toString().toUpperCase())).isEmpty();
        assertThat(Checksum.tryParse(A.toString())).contains(A);
        assertThat(Checksum.parse(A.toString()).bytes()).isEqualTo(A.bytes());
        assertThat(Integer.signum(A.compareTo(B))).isEqualTo(Integer.signum(A.toString().compareTo(B.toString())));
    }

    @Test
    void objectNamesMapToLoosePathsAndBack() {
        ObjectName n = new ObjectName(A, ObjectType.FILE);
        String hex = A.toString();
        assertThat(n.looseRelativePath(true)).isEqualTo("objects/" + hex.substring(0, 2) + "/" + hex.substring(2) + ".filez");
        assertThat(n.looseRelativePath(false)).endsWith(".file");
        assertThat(new ObjectName(A, ObjectType.DIR_TREE).looseRelativePath(true)).endsWith(".dirtree");
        assertThat(ObjectName.parse(hex + ".commitmeta")).isEqualTo(new ObjectName(A, ObjectType.COMMIT_META));
        assertThat(ObjectType.fromSuffix("tombstone-commit")).isEqualTo(ObjectType.TOMBSTONE_COMMIT);
        assertThat(ObjectType.COMMIT_META.isMetadata()).isTrue();
        assertThat(ObjectType.FILE.isMetadata()).isFalse();
        assertThatThrownBy(() -> ObjectType.fromSuffix("blob")).hasMessageContaining("\"blob\"");
    }

    @Test
    void xattrsSortByNameBytesAndKeepParsedOrder() throws ObjectFormatException {
        Xattrs x = Xattrs.of(Map.of("user.zeta", new byte[] {1}, "security.selinux", new byte[] {2},
                "user.alpha", new byte[] {3}));
        assertThat(x.entries()).extracting(Xattrs.Xattr::name)
                .containsExactly("security.selinux", "user.alpha", "user.zeta");
        assertThat(Xattrs.parse(x.serialize())).isEqualTo(x);
        byte[] unsorted = GVariant.serialize(GvType.of("a(ayay)"), List.of(
                List.of("user.b\0".getBytes(), new byte[] {1}), List.of("user.a\0".getBytes(), new byte[] {2})));
        assertThat(Xattrs.parse(unsorted).entries()).extracting(Xattrs.Xattr::name).containsExactly("user.b", "user.a");
        assertThat(Xattrs.parse(unsorted).serialize()).isEqualTo(unsorted);
        assertThat(Xattrs.ofFilesystem(Map.of("user.empty", new byte[0])).isEmpty()).isTrue();
        byte[] noNul = GVariant.serialize(GvType.of("a(ayay)"), List.of(List.of("user.b".getBytes(), new byte[] {1})));
        assertThatThrownBy(() -> Xattrs.parse(noNul)).isInstanceOf(ObjectFormatException.class)
                .hasMessageContaining("NUL-terminated");
    }

    @Property(tries = 1000)
    void randomBytesNeverBreakTheObjectParsers(@ForAll @Size(max = 300) byte[] data) {
        for (ThrowingParser p : List.<ThrowingParser>of(DirTree::parse, DirMeta::parse, Commit::parse,
                Metadata::parse, Xattrs::parse, FileHeader::parseArchiveHeader, FileHeader::parseChecksumHeader)) {
            try {
                p.parse(data);
            } catch (ObjectFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingParser {
        Object parse(byte[] data) throws ObjectFormatException;
    }
}
