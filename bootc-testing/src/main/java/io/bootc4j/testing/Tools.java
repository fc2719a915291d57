package io.bootc4j.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Finds executables on {@code PATH} and names the Debian package that provides each. */
public final class Tools {

    private static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("ostree", "ostree"),
            Map.entry("skopeo", "skopeo"),
            Map.entry("docker-registry", "docker-registry"),
            Map.entry("gpg", "gnupg"),
            Map.entry("umoci", "umoci"),
            Map.entry("grub-editenv", "grub-common"),
            Map.entry("getfattr", "attr"),
            Map.entry("setfattr", "attr"),
            Map.entry("debootstrap", "debootstrap"),
            Map.entry("curl", "curl"),
            Map.entry("htpasswd", "apache2-utils"));

    private Tools() {}

    /** The absolute path of {@code name} on {@code PATH}, if it is there and executable. */
    public static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The Debian package that installs {@code tool}; the tool's own name when unknown. */
    public static String debianPackage(String tool) {
        return PACKAGES.getOrDefault(tool, tool);
    }
}
