package io.bootc4j.boot.internal;

import io.bootc4j.boot.BootEntry;
import io.bootc4j.boot.BootEntryFile;
import io.bootc4j.boot.BootException;
import java.util.List;
import java.util.Optional;

/**
 * The {@code menuentry} blocks libostree's {@code ostree admin instutil grub2-generate} emits
 * for GRUBs without blscfg (Debian's {@code /etc/grub.d/15_ostree}), from
 * {@code _ostree_bootloader_grub2_generate_config} in {@code ostree-bootloader-grub2.c}.
 */
public final class GrubMenuEntries {

    private GrubMenuEntries() {}

    /**
     * Renders the entries in boot order. {@code bootDeviceId} is {@code GRUB2_BOOT_DEVICE_ID},
     * {@code prepareRoot} is {@code GRUB2_PREPARE_ROOT_CACHE} (the {@code search …} lines), and
     * {@code commandSuffix} is what follows {@code linux}/{@code initrd}: "" for modern GRUB,
     * {@code 16} or {@code efi} for builds without {@code WITH_MODERN_GRUB}.
     */
    public static String render(List<BootEntryFile> entries, String bootDeviceId, String prepareRoot,
            String commandSuffix) throws BootException {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            BootEntry e = entries.get(i).entry();
            String title = e.title().orElse("(Untitled)");
            out.append("menuentry ").append(shellQuote(title))
                    .append(" --class gnu-linux --class gnu --class os --unrestricted ")
                    .append(shellQuote("ostree-" + i + "-" + bootDeviceId)).append(" {\n");
            out.append("load_video\nset gfxpayload=keep\ninsmod gzio\n");
            out.append(prepareRoot).append('\n');
            String linux = e.linux().orElseThrow(() -> new BootException(
                    "No \"linux\" key in bootloader config " + entries.get(0).fileName()));
            out.append("linux").append(commandSuffix).append(' ').append(linux);
            Optional<String> options = e.get("options");
            options.ifPresent(o -> out.append(' ').append(o));
            out.append('\n');
            Optional<String> initrd = e.initrds().stream().findFirst();
            initrd.ifPresent(v -> out.append("initrd").append(commandSuffix).append(' ').append(v).append('\n'));
            e.devicetree().ifPresent(v -> out.append("devicetree ").append(v).append('\n'));
            out.append("}\n");
        }
        return out.toString();
    }

    /** GLib's {@code g_shell_quote}: single quotes, an embedded quote written as {@code '\''}. */
    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
