package io.bootc4j.boot.internal;

import io.bootc4j.boot.BootEntryFile;
import io.bootc4j.boot.Bootloader;
import java.nio.file.Path;
import java.util.List;

/** BLS entries only: a bootloader that reads {@code boot/loader/entries} itself needs nothing else. */
public final class NoneBootloader implements Bootloader {

    @Override
    public String name() {
        return "none";
    }

    @Override
    public void writeConfig(Path sysroot, int bootversion, List<BootEntryFile> entries) {
        // Nothing beyond the entries.
    }
}
