package io.bootc4j.oci;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An image platform as in an index entry or image config: GOOS / GOARCH values, an optional
 * variant ({@code v8}, {@code v7} …), optional OS version and features. Absent optional strings
 * are empty strings, never null, as in containers/image. {@link #toString()} gives
 * {@code os/architecture[/variant]}, which {@link #parse(String)} reads back.
 */
public record Platform(String os, String architecture, String variant, String osVersion, List<String> osFeatures) {

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        variant = variant == null ? "" : variant;
        osVersion = osVersion == null ? "" : osVersion;
        osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
        if (os.isEmpty() || architecture.isEmpty()) {
            throw new IllegalArgumentException("platform needs os and architecture, got \"" + os + "/" + architecture + "\"");
        }
    }

    public static Platform of(String os, String architecture) {
        return new Platform(os, architecture, "", "", List.of());
    }

    public static Platform of(String os, String architecture, String variant) {
        return new Platform(os, architecture, variant, "", List.of());
    }

    /**
     * Parses {@code os/arch[/variant]}, e.g. {@code linux/arm64/v8}.
     *
     * @throws IllegalArgumentException quoting the input
     */
    public static Platform parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "invalid platform \"" + text + "\": expected os/architecture[/variant]"));
    }

    public static Optional<Platform> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            return Optional.empty();
        }
        for (String p : parts) {
            if (p.isEmpty() || !p.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
                return Optional.empty();
            }
        }
        return Optional.of(of(parts[0], parts[1], parts.length == 3 ? parts[2] : ""));
    }

    /** The platform this JVM runs on, in GOOS/GOARCH terms (variant left empty). */
    public static Platform current() {
        String os = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
        String goos = os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "darwin" : os.replace(' ', '-');
        return of(goos, goArch(System.getProperty("os.arch", "amd64")));
    }

    /** Maps a Java {@code os.arch} value to GOARCH. */
    static String goArch(String javaArch) {
        return switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> javaArch.startsWith("arm") ? "arm" : javaArch;
        };
    }

    public Platform withOs(String newOs) {
        return new Platform(newOs, architecture, variant, osVersion, osFeatures);
    }

    public Platform withArchitecture(String newArchitecture) {
        return new Platform(os, newArchitecture, variant, osVersion, osFeatures);
    }

    public Platform withVariant(String newVariant) {
        return new Platform(os, architecture, newVariant, osVersion, osFeatures);
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
