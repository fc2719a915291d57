package io.bootc4j.oci.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootc4j.oci.ManifestFormatException;
import io.bootc4j.oci.SignatureBlob;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * containers/image's on-disk signature format (used by {@code dir:} and lookaside storage):
 * a simple-signing signature is stored as its raw OpenPGP bytes; any other format starts with a
 * NUL byte, the format name and a newline, followed by the body. For sigstore the body is JSON
 * {@code {"mimeType":…,"payload":BASE64,"annotations":{…}}}.
 */
public final class SignatureBlobCodec {

    private static final String SIGSTORE_FORMAT = "sigstore-json";
    private static final String SIMPLE_SIGNING_FORMAT = "simple-signing";

    private SignatureBlobCodec() {
    }

    public static byte[] encode(SignatureBlob sig) {
        if (sig.kind() == SignatureBlob.Kind.SIMPLE_SIGNING) {
            return sig.bytes();
        }
        ObjectNode o = Json.newObject();
        o.put("mimeType", sig.mediaType());
        o.put("payload", Base64.getEncoder().encodeToString(sig.bytes()));
        ObjectNode a = o.putObject("annotations");
        sig.annotations().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> a.put(e.getKey(), e.getValue()));
        byte[] body = Json.write(o);
        byte[] prefix = ("\0" + SIGSTORE_FORMAT + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }

    /**
     * @param where names the file for messages
     * @throws ManifestFormatException when the blob has an unknown format or a malformed body
     */
    public static SignatureBlob decode(byte[] blob, String where) throws ManifestFormatException {
        if (blob.length == 0 || blob[0] != 0) {
            return SignatureBlob.simpleSigning(blob);
        }
        int nl = -1;
        for (int i = 1; i < blob.length && i < 256; i++) {
            if (blob[i] == '\n') {
                nl = i;
                break;
            }
        }
        if (nl < 0) {
            throw new ManifestFormatException(where, "signature starts with NUL but has no format line");
        }
        String format = new String(blob, 1, nl - 1, StandardCharsets.UTF_8);
        byte[] body = java.util.Arrays.copyOfRange(blob, nl + 1, blob.length);
        switch (format) {
            case SIMPLE_SIGNING_FORMAT:
                return SignatureBlob.simpleSigning(body);
            case SIGSTORE_FORMAT:
                ObjectNode o = Json.readObject(body, where);
                String mime = Json.requiredString(o, "mimeType", where);
                String payload = Json.requiredString(o, "payload", where);
                byte[] decoded;
                try {
                    decoded = Base64.getDecoder().decode(payload);
                } catch (IllegalArgumentException e) {
                    throw new ManifestFormatException(where, "sigstore payload is not base64", e);
                }
                JsonNode ann = o.get("annotations");
                Map<String, String> annotations = ann == null || ann.isNull() ? Map.of() : Json.stringMap(o, "annotations", where);
                return SignatureBlob.sigstore(mime, decoded, annotations);
            default:
                throw new ManifestFormatException(where, "unknown signature format \"" + format + "\"");
        }
    }
}
