package io.bootc4j.ostree.sign;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A 32-byte ed25519 public key in ostree's text form: standard base64 (as in
 * {@code trusted.ed25519} files, {@code verification-ed25519-key} and {@code ostree sign --verify}).
 */
public final class Ed25519PublicKey {

    public static final int LENGTH = 32;

    private final byte[] key;

    private Ed25519PublicKey(byte[] key) {
        this.key = key;
    }

    /** @throws IllegalArgumentException quoting {@code base64} when it is not 32 base64-encoded bytes */
    public static Ed25519PublicKey parse(String base64) {
        return tryParse(base64).orElseThrow(() -> new IllegalArgumentException(
                "not a base64 ed25519 public key of 32 bytes: \"" + base64 + "\""));
    }

    public static Optional<Ed25519PublicKey> tryParse(String base64) {
        try {
            byte[] raw = Base64.getDecoder().decode(base64.strip());
            return raw.length == LENGTH ? Optional.of(new Ed25519PublicKey(raw)) : Optional.empty();
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /**
     * The keys of a key file as ostree reads it: one base64 key per line; blank lines and lines
     * starting with {@code #} are skipped.
     *
     * @throws IllegalArgumentException naming the line number of a line that is not a key
     */
    public static List<Ed25519PublicKey> parseKeyFile(String content) {
        List<Ed25519PublicKey> keys = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int n = i + 1;
            keys.add(tryParse(line).orElseThrow(() -> new IllegalArgumentException(
                    "ed25519 key file line " + n + " is not a base64 public key: \"" + line + "\"")));
        }
        return keys;
    }

    public static Ed25519PublicKey fromBytes(byte[] raw) {
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("ed25519 public key needs 32 bytes, got " + raw.length);
        }
        return new Ed25519PublicKey(raw.clone());
    }

    public byte[] bytes() {
        return key.clone();
    }

    byte[] bytesUnsafe() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey k && Arrays.equals(key, k.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    /** The base64 form. */
    @Override
    public String toString() {
        return Base64.getEncoder().encodeToString(key);
    }
}
