package io.bootc4j.oci.signature.internal;

import io.bootc4j.oci.Digest;
import io.bootc4j.oci.ImageReference;
import io.bootc4j.oci.OciException;
import io.bootc4j.oci.SignatureBlob;
import io.bootc4j.oci.signature.RegistriesD;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads simple-signing signatures from lookaside storage ({@code file://} or {@code http(s)://}):
 * {@code signature-1}, {@code signature-2}, … until a missing file or an HTTP 404, at most 128,
 * as containers/image does. No registry credentials are sent.
 */
public final class LookasideReader {

    static final int MAX_SIGNATURES = 128;
    static final int MAX_SIZE = 4 * 1024 * 1024;

    private final HttpClient http;
    private final Duration timeout;

    public LookasideReader(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    public List<CandidateSignature> read(URI base, ImageReference ref, Digest manifestDigest) throws IOException {
        List<CandidateSignature> out = new ArrayList<>();
        for (int i = 1; i <= MAX_SIGNATURES; i++) {
            URI url = RegistriesD.signatureUrl(base, ref, manifestDigest, i);
            byte[] body = fetch(url);
            if (body == null) {
                break;
            }
            out.add(new CandidateSignature(url.toString(), SignatureBlob.simpleSigning(body)));
        }
        return out;
    }

    /** The bytes at {@code url}, or null when it does not exist. */
    private byte[] fetch(URI url) throws IOException {
        String scheme = url.getScheme();
        if ("file".equals(scheme)) {
            Path p = Path.of(url);
            try {
                if (Files.size(p) > MAX_SIZE) {
                    throw new OciException("lookaside signature " + url + " is larger than " + MAX_SIZE + " bytes");
                }
                return Files.readAllBytes(p);
            } catch (NoSuchFileException e) {
                return null;
            }
        }
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new OciException("lookaside " + url + ": unsupported URL scheme (expected file, http or https)");
        }
        HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        try {
            HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = resp.body()) {
                if (resp.statusCode() == 404) {
                    return null;
                }
                if (resp.statusCode() != 200) {
                    throw new OciException("reading lookaside signature " + url + ": HTTP status " + resp.statusCode());
                }
                byte[] body = in.readNBytes(MAX_SIZE + 1);
                if (body.length > MAX_SIZE) {
                    throw new OciException("lookaside signature " + url + " is larger than " + MAX_SIZE + " bytes");
                }
                return body;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading lookaside signature " + url);
        }
    }
}
