package io.bootc4j.cli;

import io.bootc4j.oci.Digest;
import io.bootc4j.oci.ImageIndex;
import io.bootc4j.oci.ImageSource;
import io.bootc4j.oci.ImageSourceOptions;
import io.bootc4j.oci.ImageSources;
import io.bootc4j.oci.ManifestBytes;
import io.bootc4j.oci.PlatformMatcher;
import io.bootc4j.oci.signature.PolicyEvaluator;
import io.bootc4j.oci.signature.PolicyVerdict;
import io.bootc4j.oci.signature.RegistriesD;
import io.bootc4j.oci.signature.SignaturePolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code bootc4j image verify [--policy F] [--registries.d D] [--tls-verify=BOOL] [--authfile F] SRC}:
 * evaluates the trust policy for SRC exactly as {@code image copy} would before copying — on the
 * instance chosen for this platform when SRC is an index — reading only manifests and signatures.
 * Prints the verdict as JSON on stdout; exits 0 when accepted, 1 when rejected (the reason on
 * stderr). A malformed policy is refused before SRC is opened.
 */
public final class ImageVerifyCommand implements Command {

    String source;
    Path policy;
    Path registriesD;
    Boolean tlsVerify;
    Path authFile;

    static CommandSyntax<ImageVerifyCommand> syntax() {
        return CommandSyntax.of("verify",
                "Check SRC against the trust policy (policy.json) without fetching any layer.", ImageVerifyCommand::new)
                .parameter("SRC", "The image, e.g. docker://quay.io/a/b:1 or dir:/path.", (c, v) -> c.source = v)
                .pathValue("--policy", "FILE",
                        "Trust policy; default $HOME/.config/containers/policy.json, then /etc/containers/policy.json.",
                        (c, v) -> c.policy = v)
                .pathValue("--registries.d", "DIR", "Signature lookaside configuration; default "
                        + "$HOME/.config/containers/registries.d, then /etc/containers/registries.d.",
                        (c, v) -> c.registriesD = v)
                .booleanValue("--tls-verify", "BOOL", "Require HTTPS and verify certificates when talking to the registry.",
                        (c, v) -> c.tlsVerify = v)
                .pathValue("--authfile", "FILE", "Registry credentials (auth.json).", (c, v) -> c.authFile = v);
    }

    @Override
    public int run(PrintWriter out, PrintWriter err) throws IOException {
        SignaturePolicy trust = policy != null ? SignaturePolicy.load(policy) : SignaturePolicy.discover();
        RegistriesD lookaside = registriesD != null ? RegistriesD.load(registriesD) : RegistriesD.discover();
        ImageSourceOptions.Builder options = ImageSourceOptions.builder();
        if (tlsVerify != null) {
            options.tlsVerify(tlsVerify);
        }
        if (authFile != null) {
            options.authFile(authFile);
        }
        if (registriesD != null) {
            options.registriesDirectory(registriesD);
        }
        PolicyVerdict verdict;
        try (ImageSource src = ImageSources.open(source, options.build())) {
            ManifestBytes top = src.manifest(Optional.empty());
            Optional<Digest> instance = Optional.empty();
            if (top.isIndex()) {
                instance = Optional.of(PlatformMatcher.withOverrides(Optional.empty(), Optional.empty(), Optional.empty())
                        .choose(ImageIndex.parse(top)).digest());
            }
            verdict = PolicyEvaluator.builder(trust).registriesD(lookaside).build().evaluate(src, instance);
        }
        out.println(verdict.toJson());
        out.flush();
        if (!verdict.accepted()) {
            err.println("error: " + verdict.summary().replace('\n', ' '));
            err.flush();
            return 1;
        }
        return 0;
    }
}
