package io.bootc4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The real {@code gpg} with a throwaway {@code GNUPGHOME} (a fresh 0700 directory). gpg starts its
 * agent on first use; {@link #close} kills it ({@code gpgconf --kill all}) and deletes the home.
 *
 * <pre>{@code
 * try (Gpg gpg = Gpg.create()) {
 *     String fpr = gpg.generateKey("Test Signer", "signer@example.com");
 *     new Skopeo().withEnv(gpg.env()).copy(src, "dir:" + out, "--sign-by", fpr).assertSuccess();
 *     byte[] publicKey = gpg.exportPublicKey(fpr);
 * }
 * }</pre>
 *
 * Keys have no passphrase. Not thread-safe (gpg itself serialises access to its home).
 */
public final class Gpg implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** The algorithm of a generated primary key (signing only, no subkeys, no expiry). */
    public enum KeyType {
        RSA_2048("Key-Type: RSA\nKey-Length: 2048\n"),
        ED25519("Key-Type: EDDSA\nKey-Curve: ed25519\n");

        private final String parameters;

        KeyType(String parameters) {
            this.parameters = parameters;
        }
    }

    private final Path home;

    private Gpg(Path home) {
        this.home = home;
    }

    /** A new, empty GNUPGHOME. */
    public static Gpg create() {
        return new Gpg(TempDirectory.create("bootc4j-gpg-"));
    }

    /** The GNUPGHOME directory (mode 0700). */
    public Path home() {
        return home;
    }

    /** {@code {GNUPGHOME=home}}, for tools that find gpg's home through the environment (skopeo, ostree). */
    public Map<String, String> env() {
        return Map.of("GNUPGHOME", home.toString());
    }

    /** Runs {@code gpg --batch --no-tty ARGS…} against this home; stdin is empty. */
    public ProcessResult run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("gpg", "--batch", "--no-tty"));
        cmd.addAll(List.of(args));
        return Processes.run(cmd, null, env(), TIMEOUT);
    }

    /** Generates an RSA-2048 signing key for {@code name <email>}; returns its fingerprint (40 hex digits, upper case). */
    public String generateKey(String name, String email) {
        return generateKey(name, email, KeyType.RSA_2048);
    }

    /** Generates a passphrase-less signing key of {@code type}; returns its fingerprint. */
    public String generateKey(String name, String email, KeyType type) {
        Objects.requireNonNull(type, "type");
        if (name.isBlank() || name.contains("\n") || email.contains("\n") || !email.contains("@")) {
            throw new IllegalArgumentException("gpg user id \"" + name + " <" + email + ">\": needs a name and an address");
        }
        String parameters = "%no-protection\n" + type.parameters + "Key-Usage: sign\n"
                + "Name-Real: " + name + "\nName-Email: " + email + "\nExpire-Date: 0\n%commit\n";
        try {
            Path file = Files.createTempFile(home, "keygen-", ".txt");
            try {
                Files.writeString(file, parameters, StandardCharsets.UTF_8);
                ProcessResult result = run("--status-fd", "1", "--generate-key", file.toString()).assertSuccess();
                for (String line : result.stdout().split("\n")) {
                    // "[GNUPG:] KEY_CREATED P <fingerprint>" (doc/DETAILS in the gnupg sources)
                    String[] fields = line.trim().split(" ");
                    if (fields.length >= 4 && fields[1].equals("KEY_CREATED")) {
                        return fields[3];
                    }
                }
                throw new AssertionError("gpg --generate-key printed no KEY_CREATED status: " + result);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write gpg key parameters into " + home, e);
        }
    }

    /** The binary (RFC 4880 transferable) public key of {@code fingerprint}. */
    public byte[] exportPublicKey(String fingerprint) {
        return export("--export", fingerprint);
    }

    /** The ASCII-armored public key of {@code fingerprint}. */
    public String exportPublicKeyArmored(String fingerprint) {
        return new String(export("--armor", "--export", fingerprint), StandardCharsets.US_ASCII);
    }

    /** The binary secret key of {@code fingerprint} (unprotected), e.g. to import it into another home. */
    public byte[] exportSecretKey(String fingerprint) {
        return export("--export-secret-keys", fingerprint);
    }

    /** Imports a key file (public or secret, binary or armored) into this home. */
    public void importKey(Path keyFile) {
        run("--import", keyFile.toString()).assertSuccess();
    }

    private byte[] export(String... args) {
        try {
            Path out = Files.createTempFile(home, "export-", ".gpg");
            try {
                List<String> all = new ArrayList<>(List.of("--yes", "--output", out.toString()));
                all.addAll(List.of(args));
                run(all.toArray(String[]::new)).assertSuccess();
                byte[] bytes = Files.readAllBytes(out);
                if (bytes.length == 0) {
                    throw new AssertionError("gpg exported nothing for " + String.join(" ", args));
                }
                return bytes;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export from " + home, e);
        }
    }

    /** Stops gpg-agent and any other daemon of this home, then deletes the home. */
    @Override
    public void close() {
        if (Tools.find("gpgconf").isPresent()) {
            Processes.run(List.of("gpgconf", "--kill", "all"), null, env(), TIMEOUT);
        }
        TempDirectory.delete(home);
    }

    @Override
    public String toString() {
        return "Gpg[" + home + "]";
    }
}
