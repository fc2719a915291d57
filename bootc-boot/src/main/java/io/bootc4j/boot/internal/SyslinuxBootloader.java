package io.bootc4j.boot.internal;

import io.bootc4j.boot.BootEntry;
import io.bootc4j.boot.BootEntryFile;
import io.bootc4j.boot.BootException;
import io.bootc4j.boot.BootFileFormatException;
import io.bootc4j.boot.Bootloader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * syslinux as libostree 2022.7 drives it ({@code ostree-bootloader-syslinux.c}): the current
 * {@code boot/syslinux/syslinux.cfg} is rewritten into {@code boot/loader.N/syslinux.cfg},
 * keeping non-ostree {@code LABEL}s and other lines, dropping labels whose {@code KERNEL} is
 * under {@code /ostree/} or {@code /boot/ostree/}, and appending one label per entry.
 */
public final class SyslinuxBootloader implements Bootloader {

    public static final String CONFIG = "boot/syslinux/syslinux.cfg";

    @Override
    public String name() {
        return "syslinux";
    }

    @Override
    public void writeConfig(Path sysroot, int bootversion, List<BootEntryFile> entries) throws IOException {
        Path current = sysroot.resolve(CONFIG);
        String text = new String(Files.readAllBytes(current), StandardCharsets.UTF_8);
        String out = rewrite(current.toString(), text, entries);
        AtomicFiles.write(sysroot.resolve("boot/loader." + bootversion + "/syslinux.cfg"),
                out.getBytes(StandardCharsets.UTF_8));
    }

    /** The new syslinux.cfg for {@code entries} (boot order), given the current one. */
    public static String rewrite(String source, String current, List<BootEntryFile> entries) throws BootException {
        String[] lines = current.split("\n", -1);
        List<String> out = new ArrayList<>();
        List<String> label = new ArrayList<>();
        String kernel = null;
        boolean inLabel = false;
        boolean sawDefault = false;
        boolean regenerateDefault = false;
        int labelLine = 0;
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i] : null;
            if (inLabel && (line == null || !line.startsWith("\t"))) {
                inLabel = false;
                if (kernel == null) {
                    throw new BootFileFormatException(source, labelLine, "no KERNEL argument found after LABEL");
                }
                if (!kernel.startsWith("/ostree/") && !kernel.startsWith("/boot/ostree/")) {
                    out.addAll(label);
                }
                label.clear();
            }
            if (line == null) {
                break;
            }
            boolean skip = false;
            if (!inLabel && line.startsWith("LABEL ")) {
                inLabel = true;
                labelLine = i + 1;
                label.clear();
            } else if (inLabel && line.startsWith("\tKERNEL ")) {
                kernel = line.substring("\tKERNEL ".length());
            } else if (!inLabel && line.startsWith("DEFAULT ")) {
                sawDefault = true;
                // ostree recognises its own default by the title's "(ostree" marker.
                if (line.startsWith("DEFAULT ostree:") || line.contains("(ostree")) {
                    regenerateDefault = true;
                }
                skip = true;
            }
            if (!skip) {
                (inLabel ? label : out).add(line);
            }
        }
        if (!sawDefault) {
            regenerateDefault = true;
        }
        for (int i = 0; i < entries.size(); i++) {
            BootEntry e = entries.get(i).entry();
            String title = e.title().orElse("(Untitled)");
            if (regenerateDefault && i == 0) {
                out.add("DEFAULT " + title);
            }
            out.add("LABEL " + title);
            String linux = e.linux().orElseThrow(() -> new BootException(
                    "boot entry " + entries.get(0).fileName() + " has no \"linux\" key"));
            out.add("\tKERNEL /boot" + linux);
            Optional<String> v = e.initrds().stream().findFirst();
            if (v.isPresent()) {
                out.add("\tINITRD /boot" + v.get());
            }
            v = e.devicetree();
            if (v.isPresent()) {
                out.add("\tDEVICETREE /boot" + v.get());
            }
            v = e.get("options");
            if (v.isPresent()) {
                out.add("\tAPPEND " + v.get());
            }
        }
        return OstreeLines.join(out);
    }
}
