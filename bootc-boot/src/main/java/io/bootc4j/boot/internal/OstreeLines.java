package io.bootc4j.boot.internal;

import java.util.List;

/** libostree's {@code _ostree_sysroot_join_lines} ({@code ostree-sysroot.c}), quirks included. */
public final class OstreeLines {

    private OstreeLines() {}

    /**
     * Joins lines with {@code \n} after each. An empty first line is dropped, and once one empty
     * line was written every later empty line is dropped too (ostree never resets its flag).
     */
    public static String join(List<String> lines) {
        StringBuilder out = new StringBuilder();
        boolean prevWasEmpty = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                if (prevWasEmpty || i == 0) {
                    continue;
                }
                prevWasEmpty = true;
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
