package io.bootc4j.ostree;

import io.bootc4j.ostree.internal.gvariant.GVariant;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Reads a well-formed {@code .dirtree} straight from its bytes: the object every checkout reads
 * once per directory. The type is {@code (a(say)a(sayay))}, whose members all have alignment 1, so
 * the bytes are the names, NULs and checksums back to back, followed by framing offsets.
 *
 * <p>{@link #read} accepts only what the generic path ({@link DirTree#parseGeneric}) accepts, and
 * returns an equal tree: GVariant normal form (every framing offset at the width normal form
 * gives its container; offsets that leave no gaps), NUL-terminated strict UTF-8 names that
 * {@link DirTree#validateName} allows, in strictly ascending byte order and not shared between
 * files and directories, and 32-byte checksums. Normal form is checked as the bytes are read
 * rather than by serializing the result again; with every offset checked, the input is the one
 * normal-form serialization of the entries read. On anything else it returns {@code null}, and the
 * generic path rejects the object with its precise message.
 */
final class DirTreeReader {

    private final byte[] data;
    /** Bounds of each name read, without its NUL: files then directories. */
    private int[] nameFrom = new int[16];
    private int[] nameTo = new int[16];
    private int names;
    private CharsetDecoder utf8;

    private DirTreeReader(byte[] data) {
        this.data = data;
    }

    /** The dirtree {@code data} holds, or {@code null} when it is not a well-formed one. */
    static DirTree read(byte[] data) {
        return new DirTreeReader(data).tree();
    }

    private DirTree tree() {
        int size = data.length;
        if (size == 0) {
            return null;
        }
        int w = GVariant.offsetWidth(size);
        if (size < w || GVariant.normalOffsetWidth(size - w, 1) != w) {
            return null;
        }
        long filesEnd = le(size - w, w);
        if (filesEnd > size - w) {
            return null;
        }
        List<DirTree.File> files = new ArrayList<>();
        if (!readArray(0, (int) filesEnd, files, null)) {
            return null;
        }
        int fileNames = names;
        List<DirTree.Dir> dirs = new ArrayList<>();
        if (!readArray((int) filesEnd, size - w, null, dirs) || sharesName(fileNames)) {
            return null;
        }
        return DirTree.ofRead(Collections.unmodifiableList(files), Collections.unmodifiableList(dirs), data);
    }

    /**
     * An array of {@code (say)} (into {@code files}) or of {@code (sayay)} (into {@code dirs}) at
     * {@code start..end}: elements back to back, then one offset per element to its end.
     */
    private boolean readArray(int start, int end, List<DirTree.File> files, List<DirTree.Dir> dirs) {
        int size = end - start;
        if (size == 0) {
            return true;
        }
        int w = GVariant.offsetWidth(size);
        if (size < w) {
            return false;
        }
        long body = le(end - w, w);
        if (body > size - w || (size - body) % w != 0) {
            return false;
        }
        int count = (int) ((size - body) / w);
        if (GVariant.normalOffsetWidth(body, count) != w) {
            return false;
        }
        int offsets = start + (int) body;
        int first = names;
        int pos = start;
        for (int i = 0; i < count; i++) {
            long elementEnd = le(offsets + i * w, w);
            if (elementEnd < pos - start || elementEnd > body) {
                return false;
            }
            int e = start + (int) elementEnd;
            boolean ok = files != null ? readFile(pos, e, files) : readDir(pos, e, dirs);
            if (!ok || names - 1 > first && compareNames(names - 2, names - 1) >= 0) {
                return false;
            }
            pos = e;
        }
        return pos == offsets;
    }

    /** {@code (say)}: the name, its NUL, the checksum, one offset to the name's end. */
    private boolean readFile(int start, int end, List<DirTree.File> files) {
        int size = end - start;
        int w = GVariant.offsetWidth(size);
        if (size < w + 1 || GVariant.normalOffsetWidth(size - w, 1) != w) {
            return false;
        }
        int body = size - w;
        long nameEnd = le(end - w, w);
        if (nameEnd < 1 || nameEnd > body || body - nameEnd != Checksum.LENGTH) {
            return false;
        }
        String name = name(start, start + (int) nameEnd);
        if (name == null) {
            return false;
        }
        files.add(new DirTree.File(name, Checksum.fromBytes(data, start + (int) nameEnd)));
        return true;
    }

    /** {@code (sayay)}: the name, its NUL, two checksums, offsets to the tree's end and the name's. */
    private boolean readDir(int start, int end, List<DirTree.Dir> dirs) {
        int size = end - start;
        int w = GVariant.offsetWidth(size);
        if (size < 2 * w + 1 || GVariant.normalOffsetWidth(size - 2L * w, 2) != w) {
            return false;
        }
        int body = size - 2 * w;
        long nameEnd = le(end - w, w);
        long treeEnd = le(end - 2 * w, w);
        if (nameEnd < 1 || treeEnd - nameEnd != Checksum.LENGTH || body - treeEnd != Checksum.LENGTH) {
            return false;
        }
        String name = name(start, start + (int) nameEnd);
        if (name == null) {
            return false;
        }
        dirs.add(new DirTree.Dir(name, Checksum.fromBytes(data, start + (int) nameEnd),
                Checksum.fromBytes(data, start + (int) treeEnd)));
        return true;
    }

    /**
     * The name in {@code start..end} (its NUL last), recorded for the order checks; {@code null}
     * unless it is NUL-terminated, strict UTF-8 and a name {@link DirTree#validateName} allows.
     */
    private String name(int start, int end) {
        int to = end - 1;
        if (data[to] != 0 || to == start) {
            return null;
        }
        boolean ascii = true;
        for (int i = start; i < to; i++) {
            byte b = data[i];
            if (b == 0 || b == '/') {
                return null;
            }
            ascii &= b > 0;
        }
        if (data[start] == '.' && (to - start == 1 || to - start == 2 && data[start + 1] == '.')) {
            return null;
        }
        String name;
        if (ascii) {
            name = new String(data, start, to - start, StandardCharsets.ISO_8859_1);
        } else {
            if (utf8 == null) {
                utf8 = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
            }
            try {
                name = utf8.decode(ByteBuffer.wrap(data, start, to - start)).toString();
            } catch (CharacterCodingException e) {
                return null;
            }
        }
        if (names == nameFrom.length) {
            nameFrom = Arrays.copyOf(nameFrom, names * 2);
            nameTo = Arrays.copyOf(nameTo, names * 2);
        }
        nameFrom[names] = start;
        nameTo[names] = to;
        names++;
        return name;
    }

    /** Whether a file name (the first {@code files} recorded) is also a directory's; both lists are sorted. */
    private boolean sharesName(int files) {
        int f = 0;
        int d = files;
        while (f < files && d < names) {
            int c = compareNames(f, d);
            if (c == 0) {
                return true;
            }
            if (c < 0) {
                f++;
            } else {
                d++;
            }
        }
        return false;
    }

    private int compareNames(int a, int b) {
        return Arrays.compareUnsigned(data, nameFrom[a], nameTo[a], data, nameFrom[b], nameTo[b]);
    }

    private long le(int at, int width) {
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = v << 8 | data[at + i] & 0xFFL;
        }
        return v;
    }
}
