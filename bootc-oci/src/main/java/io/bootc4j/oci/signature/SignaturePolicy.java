package io.bootc4j.oci.signature;

import io.bootc4j.oci.signature.internal.PolicyParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A containers-policy.json(5) trust policy: which images may be used, and which signatures they
 * need. Immutable and thread-safe. Parsing is as strict as containers/image: an unknown,
 * duplicated or mistyped key anywhere refuses the whole file ({@link PolicyFormatException}
 * naming the key). Key files named by the policy are read only when a signature is checked.
 *
 * <p>Evaluation is done by {@link PolicyEvaluator}, which reads only the manifest and the
 * signatures of an image, never its config or layers.
 */
public final class SignaturePolicy {

    private final List<PolicyRequirement> defaults;
    private final Map<String, Map<String, List<PolicyRequirement>>> transports;
    private final String source;

    private SignaturePolicy(List<PolicyRequirement> defaults,
            Map<String, Map<String, List<PolicyRequirement>>> transports, String source) {
        this.defaults = List.copyOf(defaults);
        Map<String, Map<String, List<PolicyRequirement>>> t = new LinkedHashMap<>();
        transports.forEach((name, scopes) -> {
            Map<String, List<PolicyRequirement>> s = new LinkedHashMap<>();
            scopes.forEach((scope, reqs) -> {
                if (reqs.isEmpty()) {
                    throw new IllegalArgumentException("transports." + name + "[\"" + scope + "\"]: requirement list must not be empty");
                }
                s.put(scope, List.copyOf(reqs));
            });
            t.put(name, Collections.unmodifiableMap(s));
        });
        this.transports = Collections.unmodifiableMap(t);
        this.source = Objects.requireNonNull(source, "source");
        if (this.defaults.isEmpty()) {
            throw new IllegalArgumentException("default: requirement list must not be empty");
        }
    }

    /** Builds a policy from values; {@code source} names it in messages. */
    public static SignaturePolicy of(List<PolicyRequirement> defaults,
            Map<String, Map<String, List<PolicyRequirement>>> transports, String source) {
        return new SignaturePolicy(defaults, transports, source);
    }

    /** A policy whose default accepts everything ({@code insecureAcceptAnything}). */
    public static SignaturePolicy acceptAnything() {
        return of(List.of(new PolicyRequirement.InsecureAcceptAnything()), Map.of(), "(built-in insecureAcceptAnything)");
    }

    /** Reads and strictly parses a policy.json file. */
    public static SignaturePolicy load(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "policy file does not exist");
        }
        return parse(bytes, file.toString());
    }

    /** Strictly parses policy.json bytes; {@code sourceName} names the input in errors. */
    public static SignaturePolicy parse(byte[] json, String sourceName) throws PolicyFormatException {
        return PolicyParser.parse(json, sourceName);
    }

    /**
     * Loads the policy from the default locations, as containers/image does:
     * {@code $HOME/.config/containers/policy.json} if it exists, else
     * {@code /etc/containers/policy.json}.
     */
    public static SignaturePolicy discover() throws IOException {
        String home = System.getenv("HOME");
        return load(defaultPath(Path.of(home != null ? home : System.getProperty("user.home")), Path.of("/")));
    }

    /** The policy file containers/image would use for this home directory and filesystem root. */
    public static Path defaultPath(Path home, Path root) {
        Path user = home.resolve(".config/containers/policy.json");
        return Files.exists(user) ? user : root.resolve("etc/containers/policy.json");
    }

    /** The file (or other name) the policy was read from. */
    public String source() {
        return source;
    }

    public List<PolicyRequirement> defaultRequirements() {
        return defaults;
    }

    /** {@code transports}: transport name → scope → requirements (scope {@code ""} is the transport default). */
    public Map<String, Map<String, List<PolicyRequirement>>> transports() {
        return transports;
    }

    /**
     * The requirement list for an image in {@code scope}, in containers/image's precedence: the
     * exact identity, then each namespace in order, then the transport default {@code ""}, then
     * {@code default}. Only the first match applies; lists are never merged.
     */
    public ApplicableRequirements requirementsFor(ImageScope scope) {
        Map<String, List<PolicyRequirement>> t = transports.get(scope.transport());
        if (t != null) {
            List<String> candidates = new ArrayList<>();
            candidates.add(scope.identity());
            candidates.addAll(scope.namespaces());
            candidates.add("");
            for (String c : candidates) {
                List<PolicyRequirement> reqs = t.get(c);
                if (reqs != null) {
                    return new ApplicableRequirements("transports." + scope.transport() + "[\"" + c + "\"]", reqs);
                }
            }
        }
        return new ApplicableRequirements("default", defaults);
    }

    /**
     * Evaluates the top-level manifest of {@code source} with no lookaside configuration; use
     * {@link PolicyEvaluator} for registries.d lookaside, a chosen index instance or a clock.
     */
    public PolicyVerdict evaluate(io.bootc4j.oci.ImageSource source) throws IOException {
        return PolicyEvaluator.builder(this).build().evaluate(source);
    }

    @Override
    public String toString() {
        return "SignaturePolicy[" + source + "]";
    }
}
