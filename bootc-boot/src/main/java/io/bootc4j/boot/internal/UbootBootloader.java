package io.bootc4j.boot.internal;

import io.bootc4j.boot.BootEntry;
import io.bootc4j.boot.BootEntryFile;
import io.bootc4j.boot.BootException;
import io.bootc4j.boot.Bootloader;
import io.bootc4j.boot.KernelArgs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * U-Boot as libostree 2022.7 drives it ({@code ostree-bootloader-uboot.c}): writes
 * {@code boot/loader.N/uEnv.txt} with {@code kernel_image}, {@code ramdisk_image},
 * {@code fdt_file}, {@code fdtdir} and {@code bootargs} per entry (suffix "" for the first,
 * then 2, 3, …), and appends the default deployment's {@code usr/lib/ostree-boot/uEnv.txt}.
 */
public final class UbootBootloader implements Bootloader {

    public static final String CONFIG = "boot/loader/uEnv.txt";

    @Override
    public String name() {
        return "uboot";
    }

    @Override
    public void writeConfig(Path sysroot, int bootversion, List<BootEntryFile> entries) throws IOException {
        // ostree insists on reading the current uEnv.txt (its content is not reused).
        Files.readAllBytes(sysroot.resolve(CONFIG));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String suffix = i == 0 ? "" : Integer.toString(i + 1);
            BootEntry e = entries.get(i).entry();
            String linux = e.linux().orElseThrow(() -> new BootException("No \"linux\" key in bootloader config"));
            lines.add("kernel_image" + suffix + "=/boot" + linux);
            addIf(lines, "ramdisk_image" + suffix + "=/boot", e.initrds().stream().findFirst());
            addIf(lines, "fdt_file" + suffix + "=/boot", e.devicetree());
            addIf(lines, "fdtdir" + suffix + "=/boot", e.get("fdtdir"));
            Optional<String> options = e.get("options");
            if (options.isPresent()) {
                lines.add("bootargs" + suffix + "=" + options.get());
                if (i == 0) {
                    systemUenv(sysroot, options.get()).ifPresent(lines::add);
                }
            }
        }
        AtomicFiles.write(sysroot.resolve("boot/loader." + bootversion + "/uEnv.txt"),
                OstreeLines.join(lines).getBytes(StandardCharsets.UTF_8));
    }

    private static void addIf(List<String> lines, String prefix, Optional<String> value) {
        value.ifPresent(v -> lines.add(prefix + v));
    }

    private static Optional<String> systemUenv(Path sysroot, String options) throws IOException {
        Optional<String> ostree = KernelArgs.parse(options).lastValue("ostree");
        if (ostree.isEmpty() || ostree.get().isEmpty()) {
            throw new BootException("No ostree= kernel argument found in boot loader configuration file");
        }
        Path uenv = sysroot.resolve(ostree.get().substring(1)).resolve("usr/lib/ostree-boot/uEnv.txt");
        try {
            return Optional.of(new String(Files.readAllBytes(uenv), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
