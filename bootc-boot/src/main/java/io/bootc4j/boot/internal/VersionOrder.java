package io.bootc4j.boot.internal;

/**
 * The two version orders boot entries are sorted by: glibc's {@code strverscmp} (libostree sorts
 * its entries by {@code version} with it, {@code ostree-sysroot.c}) and the UAPI Version Format
 * Specification (the Boot Loader Specification and systemd's {@code strverscmp_improved}).
 */
public final class VersionOrder {

    private VersionOrder() {}

    // strverscmp(3) as a state machine: N = normal, I = integral part, F = fractional part
    // (a number that started with '0' followed by a digit), Z = leading zeros.
    private static final int N = 0;
    private static final int I = 3;
    private static final int F = 6;
    private static final int Z = 9;
    private static final int CMP = 2;
    private static final int LEN = 3;
    // Indexed by state + class of the current char (x = 0, d = 1, '0' = 2).
    private static final int[] NEXT = {N, I, Z, N, I, I, N, F, F, N, F, Z};
    // Indexed by (state + class(c1)) * 3 + class(c2).
    private static final int[] RESULT = {
        CMP, CMP, CMP, CMP, LEN, CMP, CMP, CMP, CMP,
        CMP, -1, -1, 1, LEN, LEN, 1, LEN, LEN,
        CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP,
        CMP, 1, 1, -1, CMP, CMP, -1, CMP, CMP,
    };

    /** glibc {@code strverscmp(3)} over the strings' chars (ASCII as bytes). */
    public static int strverscmp(String a, String b) {
        int p1 = 0;
        int p2 = 0;
        char c1 = charAt(a, p1++);
        char c2 = charAt(b, p2++);
        int state = N + cls(c1);
        int diff;
        while ((diff = c1 - c2) == 0) {
            if (c1 == 0) {
                return 0;
            }
            state = NEXT[state];
            c1 = charAt(a, p1++);
            c2 = charAt(b, p2++);
            state += cls(c1);
        }
        int result = RESULT[state * 3 + cls(c2)];
        if (result == CMP) {
            return Integer.signum(diff);
        }
        if (result == LEN) {
            while (isDigit(charAt(a, p1++))) {
                if (!isDigit(charAt(b, p2++))) {
                    return 1;
                }
            }
            return isDigit(charAt(b, p2)) ? -1 : Integer.signum(diff);
        }
        return result;
    }

    private static char charAt(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static int cls(char c) {
        return c == '0' ? 2 : isDigit(c) ? 1 : 0;
    }

    /** UAPI Version Format Specification comparison, as systemd's {@code strverscmp_improved}. */
    public static int uapi(String a, String b) {
        int i = 0;
        int j = 0;
        while (true) {
            while (i < a.length() && !isVersionChar(a.charAt(i))) {
                i++;
            }
            while (j < b.length() && !isVersionChar(b.charAt(j))) {
                j++;
            }
            boolean tildeA = i < a.length() && a.charAt(i) == '~';
            boolean tildeB = j < b.length() && b.charAt(j) == '~';
            if (tildeA || tildeB) {
                if (tildeA != tildeB) {
                    return tildeA ? -1 : 1;
                }
                i++;
                j++;
            }
            boolean endA = i >= a.length();
            boolean endB = j >= b.length();
            if (endA || endB) {
                return Boolean.compare(!endA, !endB);
            }
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (ca == '-' || cb == '-') {
                if (ca != cb) {
                    return ca == '-' ? -1 : 1;
                }
                i++;
                j++;
                continue;
            }
            if (ca == '^' || cb == '^') {
                if (ca != cb) {
                    return ca == '^' ? 1 : -1;
                }
                i++;
                j++;
                continue;
            }
            if (ca == '.' || cb == '.') {
                if (ca != cb) {
                    return ca == '.' ? -1 : 1;
                }
                i++;
                j++;
                continue;
            }
            if (isDigit(ca) || isDigit(cb)) {
                while (i < a.length() && a.charAt(i) == '0') {
                    i++;
                }
                while (j < b.length() && b.charAt(j) == '0') {
                    j++;
                }
                int ea = digitEnd(a, i);
                int eb = digitEnd(b, j);
                if (ea - i != eb - j) {
                    return ea - i < eb - j ? -1 : 1;
                }
                int r = a.substring(i, ea).compareTo(b.substring(j, eb));
                if (r != 0) {
                    return Integer.signum(r);
                }
                i = ea;
                j = eb;
                continue;
            }
            int ea = letterEnd(a, i);
            int eb = letterEnd(b, j);
            int r = a.substring(i, ea).compareTo(b.substring(j, eb));
            if (r != 0) {
                return Integer.signum(r);
            }
            i = ea;
            j = eb;
        }
    }

    private static boolean isVersionChar(char c) {
        return isDigit(c) || isLetter(c) || c == '-' || c == '.' || c == '~' || c == '^';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static int digitEnd(String s, int from) {
        int k = from;
        while (k < s.length() && isDigit(s.charAt(k))) {
            k++;
        }
        return k;
    }

    private static int letterEnd(String s, int from) {
        int k = from;
        while (k < s.length() && isLetter(s.charAt(k))) {
            k++;
        }
        return k;
    }
}
