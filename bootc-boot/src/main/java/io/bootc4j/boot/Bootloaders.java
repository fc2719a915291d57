package io.bootc4j.boot;

import io.bootc4j.boot.internal.Grub2Bootloader;
import io.bootc4j.boot.internal.NoneBootloader;
import io.bootc4j.boot.internal.SyslinuxBootloader;
import io.bootc4j.boot.internal.SystemdBootBootloader;
import io.bootc4j.boot.internal.UbootBootloader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The bootloader backends and their detection. {@link #detect} probes like libostree 2022.7's
 * {@code _ostree_sysroot_query_bootloader}: syslinux ({@code boot/syslinux/syslinux.cfg}
 * exists), then grub2 ({@code boot/grub/grub.cfg} or {@code boot/grub2/grub.cfg}, or
 * {@code boot/efi/EFI/DIR/grub.cfg} for a directory other than {@code BOOT}), then uboot
 * ({@code boot/loader/uEnv.txt}); then, beyond ostree, systemd-boot
 * ({@code boot/efi/loader/loader.conf} or {@code boot/efi/EFI/systemd}); else none. As in
 * ostree, {@code [sysroot] bootloader=} in {@code ostree/repo/config} (other than {@code auto})
 * overrides the probe.
 */
public final class Bootloaders {

    private Bootloaders() {}

    public static Bootloader none() {
        return new NoneBootloader();
    }

    public static Bootloader syslinux() {
        return new SyslinuxBootloader();
    }

    public static Bootloader uboot() {
        return new UbootBootloader();
    }

    /** GRUB with blscfg: only the BLS entries. */
    public static Bootloader grub2Bls() {
        return new Grub2Bootloader(true, "", "", "");
    }

    /**
     * GRUB without blscfg: ostree-style {@code menuentry} blocks in {@code boot/loader.N/grub.cfg}.
     * {@code bootDeviceId} and {@code prepareRoot} are what grub-mkconfig passes as
     * {@code GRUB2_BOOT_DEVICE_ID} and {@code GRUB2_PREPARE_ROOT_CACHE}; {@code commandSuffix} is
     * "" for a modern GRUB ({@code linux}/{@code initrd}), {@code "16"} or {@code "efi"} for old ones.
     */
    public static Bootloader grub2Menu(String bootDeviceId, String prepareRoot, String commandSuffix) {
        return new Grub2Bootloader(false, bootDeviceId, prepareRoot, commandSuffix);
    }

    /**
     * systemd-boot with its ESP at {@code esp}: entries on the ESP, {@code loader.conf} default
     * and timeout, boot counting with {@code tries} (0 = off). Only entries whose file names start
     * with {@code ownedPrefix} (for example {@code "ostree-"}) are ever removed.
     */
    public static Bootloader systemdBoot(Path esp, Optional<Duration> timeout, int tries, String ownedPrefix) {
        return new SystemdBootBootloader(esp, timeout, tries, ownedPrefix);
    }

    /** The name of the backend ostree's probe (plus systemd-boot) would pick for {@code sysroot}. */
    public static String detectName(Path sysroot) throws IOException {
        Optional<String> configured = configuredBootloader(sysroot.resolve("ostree/repo/config"));
        if (configured.isPresent() && !configured.get().equals("auto")) {
            return switch (configured.get()) {
                case "none", "grub2", "syslinux", "uboot" -> configured.get();
                default -> throw new BootException(sysroot.resolve("ostree/repo/config")
                        + ": [sysroot] bootloader=" + configured.get() + " is not supported"
                        + " (expected auto, none, grub2, syslinux or uboot)");
            };
        }
        Path boot = sysroot.resolve("boot");
        if (Files.exists(boot.resolve("syslinux/syslinux.cfg"), LinkOption.NOFOLLOW_LINKS)) {
            return "syslinux";
        }
        if (Files.exists(boot.resolve("grub/grub.cfg")) || Files.exists(boot.resolve("grub2/grub.cfg"))
                || efiGrubConfig(boot.resolve("efi/EFI")).isPresent()) {
            return "grub2";
        }
        if (Files.exists(boot.resolve("loader/uEnv.txt"), LinkOption.NOFOLLOW_LINKS)) {
            return "uboot";
        }
        if (Files.exists(boot.resolve("efi/loader/loader.conf")) || Files.isDirectory(boot.resolve("efi/EFI/systemd"))) {
            return "systemd-boot";
        }
        return "none";
    }

    /**
     * The detected backend with default settings: grub2 in BLS mode, systemd-boot on
     * {@code boot/efi} without boot counting, owning {@code ostree-} entries.
     */
    public static Bootloader detect(Path sysroot) throws IOException {
        return switch (detectName(sysroot)) {
            case "syslinux" -> syslinux();
            case "grub2" -> grub2Bls();
            case "uboot" -> uboot();
            case "systemd-boot" -> systemdBoot(sysroot.resolve("boot/efi"), Optional.empty(), 0, "ostree-");
            default -> none();
        };
    }

    /** {@code [sysroot] bootloader=} from the repo config (a GKeyFile), which overrides probing in ostree. */
    private static Optional<String> configuredBootloader(Path config) throws IOException {
        if (!Files.isRegularFile(config)) {
            return Optional.empty();
        }
        String group = "";
        for (String raw : Files.readAllLines(config, java.nio.charset.StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                group = line.substring(1, line.length() - 1);
            } else if (group.equals("sysroot") && line.startsWith("bootloader")) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).strip().equals("bootloader")) {
                    return Optional.of(line.substring(eq + 1).strip());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> efiGrubConfig(Path efiDir) throws IOException {
        if (!Files.isDirectory(efiDir)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(efiDir)) {
            for (Path d : dirs) {
                if (d.getFileName().toString().equals("BOOT") || !Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Path cfg = d.resolve("grub.cfg");
                if (Files.exists(cfg)) {
                    return Optional.of(cfg);
                }
            }
        }
        return Optional.empty();
    }
}
