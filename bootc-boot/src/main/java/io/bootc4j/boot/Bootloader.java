package io.bootc4j.boot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A bootloader backend: after a new {@code boot/loader.N/entries} set is written and before the
 * {@code boot/loader} symlink is switched to it, the backend writes whatever its bootloader reads
 * besides the BLS entries (libostree's {@code _ostree_bootloader_write_config}). Implementations
 * are stateless and thread-safe. Obtain them from {@link Bootloaders}.
 */
public interface Bootloader {

    /** The backend's name: {@code grub2}, {@code systemd-boot}, {@code syslinux}, {@code uboot}, {@code none}. */
    String name();

    /**
     * Writes this bootloader's configuration for loader generation {@code bootversion} of the
     * sysroot at {@code sysroot}. {@code entries} are the new generation's entries in boot order,
     * default first. Files inside {@code boot/loader.N/} are not yet visible to the bootloader;
     * files elsewhere are replaced atomically where the filesystem allows.
     */
    void writeConfig(Path sysroot, int bootversion, List<BootEntryFile> entries) throws IOException;
}
