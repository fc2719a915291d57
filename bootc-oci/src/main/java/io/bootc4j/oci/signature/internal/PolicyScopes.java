package io.bootc4j.oci.signature.internal;

import io.bootc4j.oci.ImageReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-transport policy scope rules of containers/image: which scope strings a transport accepts
 * in policy.json ({@code ValidatePolicyConfigurationScope}), and the identity and namespace list
 * an image is looked up under ({@code PolicyConfigurationIdentity} / {@code …Namespaces}).
 */
public final class PolicyScopes {

    private PolicyScopes() {}

    /** Null when {@code scope} is valid for {@code transport}, else the reason. Unknown transports accept any scope. */
    public static String validateScope(String transport, String scope) {
        if (scope.isEmpty()) {
            return null;
        }
        switch (transport) {
            case "dir", "oci", "oci-archive" -> {
                if (!scope.startsWith("/")) {
                    return "invalid scope \"" + scope + "\": must be an absolute path";
                }
                if (scope.equals("/")) {
                    return "invalid scope \"/\": use the generic default scope \"\"";
                }
                String cleaned = cleanPath(scope);
                if (!cleaned.equals(scope)) {
                    return "invalid scope \"" + scope + "\": uses non-canonical path format, perhaps try " + cleaned;
                }
                return null;
            }
            case "docker-archive" -> {
                return "invalid scope \"" + scope + "\": docker-archive: does not support any scopes except the default \"\" one";
            }
            default -> {
                return null;
            }
        }
    }

    /** Lexical cleaning as Go's {@code filepath.Clean} does for absolute paths. */
    static String cleanPath(String path) {
        List<String> parts = new ArrayList<>();
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(c);
        }
        return "/" + String.join("/", parts);
    }

    /**
     * The docker transport's namespaces: the repository, each parent namespace down to the host
     * (with port), then wildcards of the host without its port ({@code *.example.com}, {@code *.com}).
     */
    public static List<String> dockerNamespaces(ImageReference ref) {
        List<String> out = new ArrayList<>();
        String name = ref.name();
        while (true) {
            out.add(name);
            int slash = name.lastIndexOf('/');
            if (slash < 0) {
                break;
            }
            name = name.substring(0, slash);
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.')) {
            name = name.substring(dot + 1);
            out.add("*." + name);
        }
        return out;
    }

    /** Parent directories of an absolute path, nearest first, excluding {@code /}. */
    public static List<String> pathNamespaces(String path) {
        List<String> out = new ArrayList<>();
        String p = path;
        for (int slash = p.lastIndexOf('/'); slash > 0; slash = p.lastIndexOf('/')) {
            p = p.substring(0, slash);
            out.add(p);
        }
        return out;
    }
}
