package io.bootc4j.boot.internal;

import io.bootc4j.boot.BootEntryFile;
import io.bootc4j.boot.Bootloader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * GRUB 2. In BLS mode (a GRUB with the {@code blscfg} module reads {@code boot/loader/entries})
 * nothing besides the entries is written. In menu mode (GRUBs without blscfg, such as Debian's)
 * the ostree-style {@code menuentry} blocks are written to {@code boot/loader.N/grub.cfg}, which a
 * {@code boot/grub/grub.cfg -> ../loader/grub.cfg} link or a {@code configfile} line makes GRUB read.
 */
public final class Grub2Bootloader implements Bootloader {

    private final boolean bls;
    private final String bootDeviceId;
    private final String prepareRoot;
    private final String commandSuffix;

    public Grub2Bootloader(boolean bls, String bootDeviceId, String prepareRoot, String commandSuffix) {
        this.bls = bls;
        this.bootDeviceId = bootDeviceId;
        this.prepareRoot = prepareRoot;
        this.commandSuffix = commandSuffix;
    }

    @Override
    public String name() {
        return "grub2";
    }

    @Override
    public void writeConfig(Path sysroot, int bootversion, List<BootEntryFile> entries) throws IOException {
        if (bls) {
            return;
        }
        String menu = GrubMenuEntries.render(entries, bootDeviceId, prepareRoot, commandSuffix);
        AtomicFiles.write(sysroot.resolve("boot/loader." + bootversion + "/grub.cfg"),
                menu.getBytes(StandardCharsets.UTF_8));
    }
}
