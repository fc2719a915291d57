package io.bootc4j.oci.registry.internal;

import io.bootc4j.oci.registry.RegistryInterceptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs registry {@code Warning} headers once per distinct text (distribution-spec: clients SHOULD
 * show them, deduplicated, and MUST NOT act on them). Only the {@code 299 - "text"} form is
 * understood, as in containers/image; texts with control characters are ignored. Thread-safe.
 */
public final class RegistryWarnings implements RegistryInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryWarnings.class);
    private static final int MAX_REMEMBERED = 100;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    @Override
    public HttpResponse<InputStream> intercept(Chain chain) throws IOException {
        HttpResponse<InputStream> r = chain.proceed(chain.request());
        for (String v : r.headers().allValues("Warning")) {
            parse(v).ifPresent(text -> {
                if (seen.size() < MAX_REMEMBERED && seen.add(text)) {
                    LOG.warn("registry {}: {}", chain.registry(), text);
                }
            });
        }
        return r;
    }

    /** The text of a {@code 299 - "text"} warning, unescaped; empty for any other form. */
    public static Optional<String> parse(String value) {
        String v = value.trim();
        if (!v.startsWith("299 - \"") || !v.endsWith("\"") || v.length() < 8) {
            return Optional.empty();
        }
        String quoted = v.substring(7, v.length() - 1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.empty();
            }
            if (c == '"') {
                return Optional.empty();
            }
            if (c == '\\') {
                if (++i >= quoted.length()) {
                    return Optional.empty();
                }
                c = quoted.charAt(i);
            }
            b.append(c);
        }
        return b.length() == 0 ? Optional.empty() : Optional.of(b.toString());
    }
}
