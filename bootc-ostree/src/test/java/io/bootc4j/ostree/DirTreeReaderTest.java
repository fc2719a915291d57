package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link DirTreeReader} against the generic codec ({@link DirTree#parseGeneric}): on every input
 * it either returns what the generic path returns or leaves the input to it ({@code null}), and
 * it never accepts what the generic path rejects.
 */
class DirTreeReaderTest {

    private static final Checksum A = Checksum.sha256(new byte[] {1});
    private static final Checksum B = Checksum.sha256(new byte[] {2});

    @Provide
    Arbitrary<List<String>> names() {
        return Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00a0', '\u07ff')
                .withChars('\uD83D', '\uDE00', '.', '/').ofMinLength(1).ofMaxLength(12)
                .filter(n -> !n.equals(".") && !n.equals("..") && n.indexOf('/') < 0
                        && StandardCharsets.UTF_8.newEncoder().canEncode(n))
                .list().ofMaxSize(30).uniqueElements();
    }

    private static DirTree tree(List<String> names, Random r) throws UnsafeNameException {
        DirTree.Builder b = DirTree.builder();
        for (String n : names) {
            if (r.nextBoolean()) {
                b.addFile(n, Checksum.sha256(n.getBytes(StandardCharsets.UTF_8)));
            } else {
                b.addDir(n, A, Checksum.sha256(new byte[] {(byte) r.nextInt()}));
            }
        }
        return b.build();
    }

    @Property(tries = 300)
    void readsEveryWellFormedTreeAsTheGenericPathDoes(@ForAll("names") List<String> names, @ForAll long seed)
            throws ObjectFormatException {
        byte[] data = tree(names, new Random(seed)).serialize();
        DirTree fast = DirTreeReader.read(data);
        assertThat(fast).isNotNull().isEqualTo(DirTree.parseGeneric(data));
        assertThat(fast.serialize()).isEqualTo(data);
    }

    @Property(tries = 1000)
    void neverAcceptsWhatTheGenericPathRejects(@ForAll("names") List<String> names, @ForAll long seed)
            throws ObjectFormatException {
        Random r = new Random(seed);
        byte[] data = mutate(tree(names, r).serialize(), r);
        DirTree fast = DirTreeReader.read(data);
        DirTree generic;
        try {
            generic = DirTree.parseGeneric(data);
        } catch (ObjectFormatException e) {
            assertThat(fast).as("accepted what the generic path rejects: %s", e.getMessage()).isNull();
            return;
        }
        if (fast != null) {
            assertThat(fast).isEqualTo(generic);
        }
    }

    /** One to three random edits: a byte changed, inserted or removed, or the end cut off. */
    private static byte[] mutate(byte[] data, Random r) {
        byte[] d = data;
        for (int n = 1 + r.nextInt(3); n > 0; n--) {
            int at = d.length == 0 ? 0 : r.nextInt(d.length);
            switch (r.nextInt(4)) {
                case 0 -> {
                    if (d.length > 0) {
                        d = d.clone();
                        d[at] = (byte) (r.nextBoolean() ? d[at] ^ 1 << r.nextInt(8) : r.nextInt());
                    }
                }
                case 1 -> {
                    byte[] e = new byte[d.length + 1];
                    System.arraycopy(d, 0, e, 0, at);
                    e[at] = (byte) r.nextInt();
                    System.arraycopy(d, at, e, at + 1, d.length - at);
                    d = e;
                }
                case 2 -> {
                    if (d.length > 0) {
                        byte[] e = new byte[d.length - 1];
                        System.arraycopy(d, 0, e, 0, at);
                        System.arraycopy(d, at + 1, e, at, d.length - at - 1);
                        d = e;
                    }
                }
                default -> d = Arrays.copyOf(d, at);
            }
        }
        return d;
    }

    @Test
    void readsTreesWhoseFramingNeedsTwoAndFourByteOffsets() throws Exception {
        for (int entries : new int[] {8, 2000}) {
            DirTree.Builder b = DirTree.builder();
            for (int i = 0; i < entries; i++) {
                b.addFile("file-" + i, A).addDir("dir-" + i, A, B);
            }
            byte[] data = b.build().serialize();
            assertThat(data.length).isGreaterThan(entries == 8 ? 0xFF : 0xFFFF);
            assertThat(DirTreeReader.read(data)).isNotNull().isEqualTo(DirTree.parseGeneric(data));
        }
    }

    @Test
    void leavesOffsetsWiderThanNormalFormToTheGenericPath() {
        // Three files of 84-byte elements: 252 bytes that normal form frames with 1-byte offsets
        // (255 bytes). Framed with 2-byte offsets (258 bytes, so a reader infers that width) they
        // decode to the same entries, but are not in normal form.
        ByteArrayOutputStream array = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            byte[] name = ("f" + i + "x".repeat(48)).getBytes(StandardCharsets.US_ASCII);
            array.writeBytes(name);
            array.write(0);
            array.writeBytes(A.bytes());
            array.write(name.length + 1);
        }
        assertThat(array.size()).isEqualTo(252);
        for (int end = 84; end <= 252; end += 84) {
            array.write(end & 0xFF);
            array.write(end >> 8);
        }
        int filesEnd = array.size();
        array.write(filesEnd & 0xFF); // the tuple's offset (2 bytes: its body is over 255 bytes)
        array.write(filesEnd >> 8);
        byte[] data = array.toByteArray();
        assertThat(DirTreeReader.read(data)).isNull();
        assertThatThrownBy(() -> DirTree.parseGeneric(data)).isInstanceOf(ObjectFormatException.class)
                .hasMessageContaining("normal form");
    }

    @Test
    void leavesBadNamesAndChecksumsToTheGenericPath() {
        List<byte[]> bad = List.of(
                raw(List.of(bytes("b"), bytes("a")), A), // unsorted
                raw(List.of(bytes("a"), bytes("a")), A), // twice
                raw(List.of(bytes("..")), A),
                raw(List.of(bytes(".")), A),
                raw(List.of(new byte[0]), A),
                raw(List.of(bytes("a/b")), A),
                raw(List.of(new byte[] {'a', (byte) 0xFF}), A), // not UTF-8
                raw(List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}), A), // overlong '/'
                raw(List.of(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), A)); // a surrogate
        for (byte[] data : bad) {
            assertThat(DirTreeReader.read(data)).isNull();
            assertThatThrownBy(() -> DirTree.parseGeneric(data)).isInstanceOf(ObjectFormatException.class);
        }
    }

    @Test
    void leavesANameUsedByAFileAndADirectoryToTheGenericPath() throws Exception {
        byte[] file = DirTree.builder().addFile("same", A).build().serialize();
        byte[] dir = DirTree.builder().addDir("same", A, B).build().serialize();
        // (files of the first, dirs of the second): both arrays end before their tuple offset
        int filesEnd = file[file.length - 1] & 0xFF;
        int dirsFrom = dir[dir.length - 1] & 0xFF;
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(file, 0, filesEnd);
        both.write(dir, dirsFrom, dir.length - 1 - dirsFrom);
        both.write(filesEnd);
        byte[] data = both.toByteArray();
        assertThat(DirTreeReader.read(data)).isNull();
        assertThatThrownBy(() -> DirTree.parseGeneric(data)).isInstanceOf(UnsafeNameException.class);
    }

    @Test
    void leavesChecksumsOfTheWrongLengthToTheGenericPath() {
        byte[] data = raw(List.of(bytes("a")), null);
        assertThat(DirTreeReader.read(data)).isNull();
        assertThatThrownBy(() -> DirTree.parseGeneric(data)).isInstanceOf(ObjectFormatException.class)
                .hasMessageContaining("31 bytes");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A files-only dirtree of these raw names, in this order, each with {@code c} (31 zero bytes if null). */
    private static byte[] raw(List<byte[]> names, Checksum c) {
        byte[] sum = c == null ? new byte[31] : c.bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] ends = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            byte[] n = names.get(i);
            out.writeBytes(n);
            out.write(0);
            out.writeBytes(sum);
            out.write(n.length + 1);
            ends[i] = out.size();
        }
        for (int e : ends) {
            out.write(e);
        }
        out.write(out.size()); // the tuple's offset: the files array ends here; no dirs
        return out.toByteArray();
    }
}
