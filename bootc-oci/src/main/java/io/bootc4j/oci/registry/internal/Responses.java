package io.bootc4j.oci.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootc4j.oci.OciException;
import io.bootc4j.oci.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** Reading bounded bodies and turning error responses into {@link RegistryException}. */
public final class Responses {

    /** containers/image's limit for error and token bodies (1 MiB). */
    public static final int MAX_SMALL_BODY = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {
    }

    /** Reads at most {@code limit} bytes of the body and closes it; more is an error naming {@code subject}. */
    public static byte[] readBounded(HttpResponse<InputStream> r, int limit, String subject) throws IOException {
        try (InputStream in = r.body()) {
            byte[] b = in.readNBytes(limit + 1);
            if (b.length > limit) {
                throw new OciException(subject + ": response body larger than " + limit + " bytes");
            }
            return b;
        }
    }

    /** Closes the body, swallowing errors: for responses that are discarded. */
    public static void discard(HttpResponse<InputStream> r) {
        try {
            r.body().close();
        } catch (IOException e) {
            // nothing useful to do with a failure to close a discarded body
        }
    }

    /**
     * Builds the exception for an unexpected status: the first {@code errors[]} entry's code and
     * message of a distribution error body, else the first line of a short text body.
     */
    public static RegistryException error(HttpResponse<InputStream> r, String subject) {
        byte[] body;
        try {
            body = readBounded(r, MAX_SMALL_BODY, subject);
        } catch (IOException e) {
            body = new byte[0];
        }
        String code = "";
        String message = "";
        try {
            JsonNode root = body.length == 0 ? null : JSON.readTree(body);
            JsonNode first = root == null ? null : root.path("errors").path(0);
            if (first != null && first.isObject()) {
                code = first.path("code").asText("");
                message = first.path("message").asText("");
            } else if (root != null && root.has("details")) {
                message = root.path("details").asText("");
            }
        } catch (IOException | RuntimeException e) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            int nl = text.indexOf('\n');
            message = (nl < 0 ? text : text.substring(0, nl));
            if (message.length() > 200) {
                message = message.substring(0, 200) + "…";
            }
        }
        if (message.isEmpty() && code.isEmpty()) {
            message = reason(r.statusCode());
        }
        return new RegistryException(subject, r.statusCode(), code, message);
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "authentication required";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 416 -> "range not satisfiable";
            case 429 -> "too many requests";
            default -> status >= 500 ? "server error" : "unexpected status";
        };
    }

    /** The header's value without parameters, lower-cased. */
    public static Optional<String> mediaType(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").map(v -> {
            int semi = v.indexOf(';');
            return (semi < 0 ? v : v.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        }).filter(s -> !s.isEmpty());
    }
}
