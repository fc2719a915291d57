package io.bootc4j.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The real {@code skopeo} command line. Immutable: the {@code with…} methods return a new instance.
 *
 * <p>Unless {@link #withPolicy(Path)} names a {@code policy.json}, every run gets the global
 * {@code --insecure-policy} so that the host's {@code /etc/containers/policy.json} never decides a
 * test. Use {@link #withEnv(Map)} to pass {@code GNUPGHOME} (see {@link Gpg#env()}) for
 * {@code --sign-by}, and {@link #withRegistriesD(Path)} for signature lookaside configuration.
 */
public final class Skopeo {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Map<String, String> env;
    private final Path policy;
    private final Path registriesD;

    public Skopeo() {
        this(Map.of(), null, null);
    }

    private Skopeo(Map<String, String> env, Path policy, Path registriesD) {
        this.env = Map.copyOf(env);
        this.policy = policy;
        this.registriesD = registriesD;
    }

    /** This skopeo with {@code extra} added to its environment (later values win). */
    public Skopeo withEnv(Map<String, String> extra) {
        Map<String, String> merged = new HashMap<>(env);
        merged.putAll(extra);
        return new Skopeo(merged, policy, registriesD);
    }

    /** This skopeo with {@code --policy=FILE} instead of {@code --insecure-policy}. */
    public Skopeo withPolicy(Path policyJson) {
        return new Skopeo(env, Objects.requireNonNull(policyJson, "policyJson"), registriesD);
    }

    /** This skopeo with {@code --registries.d=DIR}. */
    public Skopeo withRegistriesD(Path dir) {
        return new Skopeo(env, policy, Objects.requireNonNull(dir, "dir"));
    }

    /** Runs {@code skopeo GLOBAL-OPTIONS ARGS…}; the global options are the policy and registries.d. */
    public ProcessResult run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("skopeo");
        cmd.add(policy == null ? "--insecure-policy" : "--policy=" + policy);
        if (registriesD != null) {
            cmd.add("--registries.d=" + registriesD);
        }
        cmd.addAll(List.of(args));
        return Processes.run(cmd, null, env, TIMEOUT);
    }

    /** {@code skopeo copy EXTRA… SRC DEST}, e.g. {@code copy("oci:/l:v1", "docker://h/r:v1", "--dest-tls-verify=false")}. */
    public ProcessResult copy(String source, String destination, String... extraArgs) {
        List<String> args = new ArrayList<>();
        args.add("copy");
        args.addAll(List.of(extraArgs));
        args.add(source);
        args.add(destination);
        return run(args.toArray(String[]::new));
    }

    /** {@code skopeo inspect EXTRA… REF}; add {@code "--raw"} for the manifest bytes, {@code "--config"} for the config. */
    public ProcessResult inspect(String reference, String... extraArgs) {
        List<String> args = new ArrayList<>();
        args.add("inspect");
        args.addAll(List.of(extraArgs));
        args.add(reference);
        return run(args.toArray(String[]::new));
    }

    /**
     * The registry options for {@code registry}: {@code --dest-tls-verify=false} plus
     * {@code --dest-creds=USER:PASS} when it has credentials; for {@link #copy} to the registry.
     */
    public static String[] destOptions(RegistryServer registry) {
        List<String> opts = new ArrayList<>(List.of("--dest-tls-verify=false"));
        registry.auth().credentials().ifPresent(c -> opts.add("--dest-creds=" + c));
        return opts.toArray(String[]::new);
    }

    /** {@code --src-tls-verify=false} plus {@code --src-creds=…} when {@code registry} has credentials. */
    public static String[] srcOptions(RegistryServer registry) {
        List<String> opts = new ArrayList<>(List.of("--src-tls-verify=false"));
        registry.auth().credentials().ifPresent(c -> opts.add("--src-creds=" + c));
        return opts.toArray(String[]::new);
    }

    /**
     * Writes {@code registriesD/bootc4j-lookaside.yaml} telling containers/image to store and read
     * simple-signing signatures for {@code registryHost} (e.g. {@link RegistryServer#host()}) as
     * files under {@code signatureDir} ({@code lookaside} and {@code lookaside-staging} as file
     * URLs); the signature of {@code REPO@sha256:D} lands in {@code signatureDir/REPO@sha256=D/signature-1}.
     * Pass the directory to {@link #withRegistriesD(Path)}. Returns the yaml file.
     */
    public static Path writeLookasideConfig(Path registriesD, String registryHost, Path signatureDir) {
        String url = signatureDir.toAbsolutePath().toUri().toString();
        String yaml = "docker:\n  " + registryHost + ":\n    lookaside: " + url + "\n    lookaside-staging: " + url + "\n";
        try {
            java.nio.file.Files.createDirectories(registriesD);
            Path file = registriesD.resolve("bootc4j-lookaside.yaml");
            java.nio.file.Files.writeString(file, yaml, java.nio.charset.StandardCharsets.UTF_8);
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + registriesD, e);
        }
    }

    /** {@code --tls-verify=false} plus {@code --creds=…} when {@code registry} has credentials; for {@link #inspect}. */
    public static String[] options(RegistryServer registry) {
        List<String> opts = new ArrayList<>(List.of("--tls-verify=false"));
        registry.auth().credentials().ifPresent(c -> opts.add("--creds=" + c));
        return opts.toArray(String[]::new);
    }
}
