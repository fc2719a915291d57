package io.bootc4j.oci.registry;

import io.bootc4j.oci.registry.internal.RegistriesConfParser;
import io.bootc4j.oci.registry.internal.RegistriesConfParser.Entry;
import io.bootc4j.oci.registry.internal.RegistriesConfParser.Mirror;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * containers {@code registries.conf} version 2 ({@code containers-registries.conf(5)}): per-prefix
 * {@code [[registry]]} tables with {@code location}, {@code insecure}, {@code blocked},
 * {@code mirror-by-digest-only} and {@code [[registry.mirror]]} ({@code location}, {@code insecure},
 * {@code pull-from-mirror}); {@code unqualified-search-registries}; drop-ins
 * {@code registries.conf.d/*.conf} applied in lexical order (a table with the same prefix replaces
 * the earlier one, a set {@code unqualified-search-registries} replaces the list).
 *
 * <p>The most specific matching prefix wins; a prefix is {@code host[:port][/path]} matched at a
 * path-component boundary, or {@code *.domain} matching any subdomain of {@code domain}. Keys this
 * class does not use ({@code aliases}, {@code short-name-mode}, {@code credential-helpers}) are
 * accepted and ignored; unknown keys and wrong types fail with the file named.
 *
 * <p>Immutable and thread-safe.
 */
public final class RegistriesConf implements PullSourceResolver {

    private final List<Entry> entries;
    private final List<String> searchRegistries;

    private RegistriesConf(List<Entry> entries, List<String> searchRegistries) {
        this.entries = List.copyOf(entries);
        this.searchRegistries = List.copyOf(searchRegistries);
    }

    /** No registries configured: every pull goes to its own registry over TLS. */
    public static RegistriesConf empty() {
        return new RegistriesConf(List.of(), List.of());
    }

    /** Parses TOML {@code text}; {@code name} appears in error messages. */
    public static RegistriesConf parse(String text, String name) throws RegistryConfigException {
        return new Builder().add(RegistriesConfParser.parse(text, name)).build();
    }

    /** {@code file} and then the drop-ins in the sibling directory {@code FILE.d} (when present). */
    public static RegistriesConf load(Path file) throws IOException {
        Builder b = new Builder();
        if (Files.isRegularFile(file)) {
            b.add(RegistriesConfParser.read(file));
        }
        b.addDropIns(Path.of(file + ".d"));
        return b.build();
    }

    /**
     * The configuration podman and skopeo would use: {@code $CONTAINERS_REGISTRIES_CONF} alone when
     * set; otherwise {@code $HOME/.config/containers/registries.conf} if it exists, else
     * {@code ROOT/etc/containers/registries.conf}; then drop-ins from
     * {@code ROOT/etc/containers/registries.conf.d} and {@code $HOME/.config/containers/registries.conf.d}.
     */
    public static RegistriesConf discover(Map<String, String> env, Path home, Path root) throws IOException {
        String override = env.get("CONTAINERS_REGISTRIES_CONF");
        Builder b = new Builder();
        if (override != null && !override.isEmpty()) {
            b.add(RegistriesConfParser.read(Path.of(override)));
            return b.build();
        }
        Path user = home.resolve(".config/containers/registries.conf");
        Path system = root.resolve("etc/containers/registries.conf");
        Path main = Files.isRegularFile(user) ? user : system;
        if (Files.isRegularFile(main)) {
            b.add(RegistriesConfParser.read(main));
        }
        b.addDropIns(root.resolve("etc/containers/registries.conf.d"));
        b.addDropIns(home.resolve(".config/containers/registries.conf.d"));
        return b.build();
    }

    /** {@code unqualified-search-registries}, in order. */
    public List<String> unqualifiedSearchRegistries() {
        return searchRegistries;
    }

    /** Whether {@code registry} ({@code host[:port]}) is marked {@code insecure}. */
    public boolean isInsecure(String registry) {
        return match(registry, "").map(Entry::insecure).orElse(false);
    }

    @Override
    public List<PullSource> resolve(String registry, String repository, boolean pinnedByDigest) throws RegistryConfigException {
        Optional<Entry> found = match(registry, repository);
        if (found.isEmpty()) {
            return List.of(new PullSource(registry, repository, false, false));
        }
        Entry e = found.get();
        String name = registry + "/" + repository;
        if (e.blocked()) {
            throw new RegistryConfigException(e.file(), "registry \"" + name + "\" is blocked by [[registry]] prefix \""
                    + e.prefix() + "\"", null);
        }
        List<PullSource> sources = new ArrayList<>();
        for (Mirror m : e.mirrors()) {
            boolean usable = switch (m.pullFrom()) {
                case ALL -> !e.mirrorByDigestOnly() || pinnedByDigest;
                case DIGEST_ONLY -> pinnedByDigest;
                case TAG_ONLY -> !pinnedByDigest;
            };
            if (usable) {
                sources.add(source(rewrite(name, e, m.location()), m.insecure(), true));
            }
        }
        sources.add(source(e.wildcard() ? name : rewrite(name, e, e.location()), e.insecure(), false));
        return List.copyOf(sources);
    }

    private static String rewrite(String name, Entry e, String location) {
        return e.wildcard() ? location + "/" + name.substring(name.indexOf('/') + 1)
                : location + name.substring(e.prefix().length());
    }

    private static PullSource source(String name, boolean insecure, boolean mirror) {
        int slash = name.indexOf('/');
        return new PullSource(name.substring(0, slash), name.substring(slash + 1), insecure, mirror);
    }

    private Optional<Entry> match(String registry, String repository) {
        String name = repository.isEmpty() ? registry : registry + "/" + repository;
        Entry best = null;
        for (Entry e : entries) {
            if (matches(e, registry, name) && (best == null || e.prefix().length() > best.prefix().length())) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean matches(Entry e, String registry, String name) {
        String prefix = e.prefix();
        if (e.wildcard()) {
            String host = registry.contains(":") ? registry.substring(0, registry.indexOf(':')) : registry;
            return host.endsWith(prefix.substring(1)) && host.length() > prefix.length() - 1;
        }
        return name.equals(prefix) || name.startsWith(prefix) && name.charAt(prefix.length()) == '/';
    }

    @Override
    public String toString() {
        return "RegistriesConf[" + entries.size() + " registries, search " + searchRegistries + "]";
    }

    private static final class Builder {
        private final Map<String, Entry> byPrefix = new LinkedHashMap<>();
        private List<String> search = List.of();

        Builder add(RegistriesConfParser parsed) {
            for (Entry e : parsed.entries()) {
                byPrefix.remove(e.prefix());
                byPrefix.put(e.prefix(), e);
            }
            parsed.searchRegistries().ifPresent(s -> search = s);
            return this;
        }

        void addDropIns(Path dir) throws IOException {
            if (!Files.isDirectory(dir)) {
                return;
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".conf") && Files.isRegularFile(p)).sorted().toList();
            }
            for (Path f : files) {
                add(RegistriesConfParser.read(f));
            }
        }

        RegistriesConf build() {
            return new RegistriesConf(new ArrayList<>(byPrefix.values()), search);
        }
    }
}
