package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Round trips and invariants of the object classes over generated input. */
class ObjectPropertiesTest {

    @Provide
    Arbitrary<List<String>> names() {
        return Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00a0', '\u07ff')
                .withCharRange('\ue000', '\uffef').withChars('\uD83D', '\uDE00').ofMinLength(1).ofMaxLength(20)
                .filter(n -> !n.equals(".") && !n.equals("..") && n.indexOf('/') < 0 && isValidUnicode(n))
                .list().ofMaxSize(40).uniqueElements();
    }

    private static boolean isValidUnicode(String s) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(s);
    }

    @Property(tries = 300)
    void dirTreesRoundTripAndListNamesInStrictByteOrder(@ForAll("names") List<String> names, @ForAll long seed)
            throws ObjectFormatException {
        Random r = new Random(seed);
        DirTree.Builder b = DirTree.builder();
        for (String n : names) {
            Checksum c = Checksum.sha256(n.getBytes(StandardCharsets.UTF_8));
            if (r.nextBoolean()) {
                b.addFile(n, c);
            } else {
                b.addDir(n, c, Checksum.sha256(new byte[] {(byte) r.nextInt()}));
            }
        }
        DirTree t = b.build();
        DirTree back = DirTree.parse(t.serialize());
        assertThat(back).isEqualTo(t);
        assertThat(back.checksum()).isEqualTo(t.checksum());
        assertStrictlySorted(t.files().stream().map(DirTree.File::name).toList());
        assertStrictlySorted(t.dirs().stream().map(DirTree.Dir::name).toList());
        Set<String> all = new HashSet<>();
        t.files().forEach(f -> all.add(f.name()));
        t.dirs().forEach(d -> all.add(d.name()));
        assertThat(all).containsExactlyInAnyOrderElementsOf(names);
    }

    private static void assertStrictlySorted(List<String> names) {
        for (int i = 1; i < names.size(); i++) {
            assertThat(Arrays.compareUnsigned(names.get(i - 1).getBytes(StandardCharsets.UTF_8),
                    names.get(i).getBytes(StandardCharsets.UTF_8))).isNegative();
        }
    }

    @Property(tries = 300)
    void commitsRoundTrip(@ForAll long seed, @ForAll("names") List<String> keys) throws ObjectFormatException {
        Random r = new Random(seed);
        Metadata.Builder m = Metadata.builder();
        for (String k : keys) {
            switch (r.nextInt(5)) {
                case 0 -> m.putString(k, "v" + r.nextInt());
                case 1 -> m.putU64BigEndian(k, r.nextLong());
                case 2 -> m.putStrings(k, List.of(k, "x"));
                case 3 -> m.putBoolean(k, r.nextBoolean());
                default -> m.appendByteString(k, new byte[r.nextInt(70)]);
            }
        }
        Commit.Builder b = Commit.builder().metadata(m.build()).subject("s" + seed).body(keys.toString())
                .timestamp(r.nextLong()).rootTree(Checksum.sha256(new byte[] {1})).rootMeta(Checksum.sha256(new byte[] {2}));
        if (r.nextBoolean()) {
            b.parent(Checksum.sha256(new byte[] {3}));
        }
        Commit c = b.build();
        Commit back = Commit.parse(c.serialize());
        assertThat(back).isEqualTo(c);
        assertThat(back.metadata()).isEqualTo(c.metadata());
        assertThat(back.timestamp()).isEqualTo(c.timestamp());
        assertThat(back.parent()).isEqualTo(c.parent());
        assertThat(back.subject()).isEqualTo(c.subject());
        assertThat(back.body()).isEqualTo(c.body());
    }

    @Property(tries = 200)
    void contentChecksumDoesNotDependOnHowTheStreamIsChunked(@ForAll @Size(max = 5000) byte[] content,
            @ForAll long seed) throws IOException {
        FileHeader h = FileHeader.regularFile(r(seed).nextInt(2000), 0, 0640, Xattrs.EMPTY);
        Checksum oneShot = ContentHasher.ofFile(h, new ByteArrayInputStream(content));
        ContentHasher hasher = ContentHasher.begin(h);
        Random r = r(seed);
        int pos = 0;
        while (pos < content.length) {
            int n = Math.min(content.length - pos, 1 + r.nextInt(700));
            hasher.update(content, pos, n);
            pos += n;
        }
        assertThat(hasher.finish()).isEqualTo(oneShot);
        byte[] manual = new byte[h.checksumHeader().length + content.length];
        System.arraycopy(h.checksumHeader(), 0, manual, 0, h.checksumHeader().length);
        System.arraycopy(content, 0, manual, h.checksumHeader().length, content.length);
        assertThat(Checksum.sha256(manual)).isEqualTo(oneShot);
    }

    @Property(tries = 200)
    void fileHeadersRoundTripThroughBothSerializations(@ForAll long seed, @ForAll("names") List<String> xattrNames)
            throws ObjectFormatException {
        Random r = r(seed);
        java.util.Map<String, byte[]> map = new java.util.HashMap<>();
        for (String n : xattrNames) {
            map.put("user." + n, new byte[1 + r.nextInt(20)]);
        }
        FileHeader h = r.nextBoolean() ? FileHeader.regularFile(r.nextInt(), r.nextInt(), r.nextInt(), Xattrs.of(map))
                : FileHeader.symlink(r.nextInt(), r.nextInt(), "target-" + seed, Xattrs.of(map));
        assertThat(FileHeader.parseChecksumHeader(h.checksumHeader())).isEqualTo(h);
        long size = h.isSymlink() ? 0 : r.nextLong() & Long.MAX_VALUE;
        byte[] archive = h.archiveHeader(size);
        FileHeader.Archived a = FileHeader.parseArchiveHeader(Arrays.copyOfRange(archive, 8, archive.length));
        assertThat(a.header()).isEqualTo(h);
        assertThat(a.size()).isEqualTo(size);
    }

    private static Random r(long seed) {
        return new Random(seed);
    }
}
