package io.bootc4j.cli;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootc4j.oci.CopyOptions;
import io.bootc4j.oci.CopyResult;
import io.bootc4j.oci.Descriptor;
import io.bootc4j.oci.Digest;
import io.bootc4j.oci.ImageConfig;
import io.bootc4j.oci.ImageCopy;
import io.bootc4j.oci.ImageDestination;
import io.bootc4j.oci.ImageDestinations;
import io.bootc4j.oci.ImageIndex;
import io.bootc4j.oci.ImageSource;
import io.bootc4j.oci.ImageSourceOptions;
import io.bootc4j.oci.ImageSources;
import io.bootc4j.oci.Manifest;
import io.bootc4j.oci.ManifestBytes;
import io.bootc4j.oci.PlatformMatcher;
import io.bootc4j.oci.ProgressListener;
import io.bootc4j.oci.signature.PolicyEvaluator;
import io.bootc4j.oci.signature.RegistriesD;
import io.bootc4j.oci.signature.SignaturePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code bootc4j image copy|inspect}: skopeo's commands and option names over the bootc4j
 * transports ({@code docker://}, {@code oci:}, {@code oci-archive:}, {@code docker-archive:},
 * {@code dir:}), so scripts can switch between the two tools.
 */
public final class ImageCommand {

    private ImageCommand() {}

    static CommandSyntax<ImageCommand> syntax() {
        return CommandSyntax.of("image", "Copy and inspect container images (skopeo-compatible syntax).", ImageCommand::new)
                .subcommand("copy", Copy::syntax)
                .subcommand("inspect", Inspect::syntax)
                .subcommand("verify", ImageVerifyCommand::syntax);
    }

    /** {@code image copy [OPTIONS] SRC DEST}. */
    static final class Copy implements Command {

        String source;
        String destination;
        Boolean srcTlsVerify;
        Boolean destTlsVerify;
        Path authFile;
        String overrideArch;
        String overrideOs;
        String overrideVariant;
        boolean all;
        boolean removeSignatures;
        Path policy;
        boolean insecurePolicy;
        Path registriesD;
        boolean quiet;
        boolean verifyDiffIds;
        int parallelCopies = CopyOptions.DEFAULT_CONCURRENT_BLOBS;

        static CommandSyntax<Copy> syntax() {
            return CommandSyntax.of("copy", "Copy an image from SRC to DEST.", Copy::new)
                    .parameter("SRC", "", (c, v) -> c.source = v)
                    .parameter("DEST", "", (c, v) -> c.destination = v)
                    .booleanValue("--src-tls-verify", "BOOL",
                            "Require HTTPS and verify certificates when talking to the source registry.",
                            (c, v) -> c.srcTlsVerify = v)
                    .booleanValue("--dest-tls-verify", "BOOL",
                            "Require HTTPS and verify certificates when talking to the destination registry.",
                            (c, v) -> c.destTlsVerify = v)
                    .pathValue("--authfile", "FILE", "Registry credentials (auth.json).", (c, v) -> c.authFile = v)
                    .value("--override-arch", "ARCH", "Use ARCH instead of the host's.", (c, v) -> c.overrideArch = v)
                    .value("--override-os", "OS", "Use OS instead of the host's.", (c, v) -> c.overrideOs = v)
                    .value("--override-variant", "VARIANT", "Use VARIANT instead of the host's.",
                            (c, v) -> c.overrideVariant = v)
                    .flag("-a, --all", "Copy every image of an index, and the index itself.", c -> c.all = true)
                    .flag("--remove-signatures", "Do not copy signatures.", c -> c.removeSignatures = true)
                    .pathValue("--policy", "FILE", "Trust policy (policy.json) to enforce.", (c, v) -> c.policy = v)
                    .flag("--insecure-policy", "Run without any trust policy (accept everything).",
                            c -> c.insecurePolicy = true)
                    .pathValue("--registries.d", "DIR", "Signature lookaside configuration.", (c, v) -> c.registriesD = v)
                    .flag("-q, --quiet", "Print nothing while copying.", c -> c.quiet = true)
                    .flag("--verify-diff-ids", "Also decompress every layer copied and check it against the image "
                            + "config's rootfs.diff_ids (skopeo has no such flag: it never decompresses layers).",
                            c -> c.verifyDiffIds = true)
                    .intValue("--image-parallel-copies", "N",
                            "Copy at most N blobs at once (default: " + CopyOptions.DEFAULT_CONCURRENT_BLOBS + ").",
                            (c, v) -> c.parallelCopies = v);
        }

        @Override
        public int run(PrintWriter out, PrintWriter err) throws IOException {
            NativeWarmup.nativeBlobDigests();
            if (parallelCopies < 1) {
                throw new UsageException("--image-parallel-copies must be at least 1, got " + parallelCopies);
            }
            ImageSourceOptions srcOptions = options(srcTlsVerify, authFile, registriesD);
            ImageSourceOptions destOptions = options(destTlsVerify, authFile, registriesD);
            PlatformMatcher platform = PlatformMatcher.withOverrides(Optional.ofNullable(overrideOs),
                    Optional.ofNullable(overrideArch), Optional.ofNullable(overrideVariant));
            // A malformed policy must be refused before anything is fetched from the source.
            Optional<PolicyEvaluator> trust = insecurePolicy ? Optional.empty() : Optional.of(trustPolicy(policy, registriesD));
            try (ImageSource src = ImageSources.open(source, srcOptions)) {
                if (trust.isPresent()) {
                    enforcePolicy(src, trust.get(), all ? Optional.empty() : Optional.of(platform));
                }
                try (ImageDestination dest = ImageDestinations.open(destination, destOptions)) {
                    CopyOptions copy = CopyOptions.builder()
                            .platform(platform)
                            .allInstances(all)
                            .removeSignatures(removeSignatures)
                            .verifyDiffIds(verifyDiffIds)
                            .concurrentBlobs(parallelCopies)
                            .progress(quiet ? ProgressListener.NONE : new Lines(out))
                            .build();
                    if (!quiet) {
                        out.println("Getting image source signatures");
                    }
                    CopyResult result = ImageCopy.copy(src, dest, copy);
                    if (!quiet) {
                        out.println("Writing manifest to image destination");
                        out.println("Storing signatures");
                        out.println(result.digest());
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    /** {@code image inspect [--raw] [--config] SRC}. */
    static final class Inspect implements Command {

        String source;
        boolean raw;
        boolean config;
        Boolean tlsVerify;
        Path authFile;
        String overrideArch;
        String overrideOs;
        String overrideVariant;

        static CommandSyntax<Inspect> syntax() {
            return CommandSyntax.of("inspect",
                    "Print an image's manifest digest, platform, layers, labels and environment as JSON.", Inspect::new)
                    .parameter("SRC", "", (c, v) -> c.source = v)
                    .flag("--raw", "Print the exact manifest bytes (with --config: the exact config bytes).",
                            c -> c.raw = true)
                    .flag("--config", "Print the image config instead of the summary.", c -> c.config = true)
                    .booleanValue("--tls-verify", "BOOL",
                            "Require HTTPS and verify certificates when talking to the registry.",
                            (c, v) -> c.tlsVerify = v)
                    .pathValue("--authfile", "FILE", "Registry credentials (auth.json).", (c, v) -> c.authFile = v)
                    .value("--override-arch", "ARCH", "Choose ARCH from an index instead of the host's.",
                            (c, v) -> c.overrideArch = v)
                    .value("--override-os", "OS", "Choose OS from an index instead of the host's.",
                            (c, v) -> c.overrideOs = v)
                    .value("--override-variant", "VARIANT", "Choose VARIANT from an index instead of the host's.",
                            (c, v) -> c.overrideVariant = v);
        }

        @Override
        public int run(PrintWriter out, PrintWriter err) throws IOException {
            try (ImageSource src = ImageSources.open(source, options(tlsVerify, authFile, null))) {
                ManifestBytes top = src.manifest(Optional.empty());
                if (raw && !config) {
                    out.print(top.text());
                    out.flush();
                    return 0;
                }
                ManifestBytes image = top;
                if (top.isIndex()) {
                    Descriptor chosen = PlatformMatcher.withOverrides(Optional.ofNullable(overrideOs),
                            Optional.ofNullable(overrideArch), Optional.ofNullable(overrideVariant))
                            .choose(ImageIndex.parse(top));
                    image = src.manifest(Optional.of(chosen.digest()));
                }
                Manifest manifest = Manifest.parse(image);
                byte[] configBytes;
                try (InputStream in = src.openBlob(manifest.config())) {
                    configBytes = in.readNBytes(ImageConfig.MAX_SIZE + 1);
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                if (config) {
                    out.print(raw ? new String(configBytes, StandardCharsets.UTF_8)
                            : pretty(Json.MAPPER.readTree(configBytes)) + "\n");
                    out.flush();
                    return 0;
                }
                out.println(pretty(summary(src, top.digest(), manifest, ImageConfig.parse(configBytes))));
            }
            out.flush();
            return 0;
        }
    }

    /**
     * Jackson's mapper for inspect's output, in a holder: creating the first ObjectMapper costs
     * ~60 ms (its date format's calendar loads the locale providers), which every image command
     * would otherwise pay on the main thread when this class loads.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();

        private Json() {}
    }

    /** skopeo's {@code inspect} fields, in skopeo's order. */
    static ObjectNode summary(ImageSource src, Digest digest, Manifest manifest, ImageConfig config) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        src.dockerReference().ifPresent(r -> o.put("Name", r.name()));
        o.put("Digest", digest.toString());
        ArrayNode tags = o.putArray("RepoTags");
        src.dockerReference().flatMap(r -> r.tag()).ifPresent(tags::add);
        config.created().ifPresentOrElse(c -> o.put("Created", c), () -> o.putNull("Created"));
        o.put("DockerVersion", "");
        if (config.labels().isEmpty()) {
            o.putNull("Labels");
        } else {
            ObjectNode labels = o.putObject("Labels");
            config.labels().forEach(labels::put);
        }
        o.put("Architecture", config.architecture());
        if (!config.platform().variant().isEmpty()) {
            o.put("Variant", config.platform().variant());
        }
        o.put("Os", config.os());
        ArrayNode layers = o.putArray("Layers");
        manifest.layers().forEach(l -> layers.add(l.digest().toString()));
        ArrayNode data = o.putArray("LayersData");
        for (Descriptor l : manifest.layers()) {
            ObjectNode d = data.addObject();
            d.put("MIMEType", l.mediaType());
            d.put("Digest", l.digest().toString());
            d.put("Size", l.size());
            if (l.annotations().isEmpty()) {
                d.putNull("Annotations");
            } else {
                ObjectNode a = d.putObject("Annotations");
                l.annotations().forEach(a::put);
            }
        }
        if (config.env().isEmpty()) {
            o.putNull("Env");
        } else {
            ArrayNode env = o.putArray("Env");
            config.env().forEach(env::add);
        }
        return o;
    }

    static String pretty(JsonNode node) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                .withArrayIndenter(new DefaultIndenter("    ", "\n"));
        return Json.MAPPER.writer(printer).writeValueAsString(node).replace("\" : ", "\": ");
    }

    static ImageSourceOptions options(Boolean tlsVerify, Path authFile, Path registriesD) {
        ImageSourceOptions.Builder b = ImageSourceOptions.builder();
        if (tlsVerify != null) {
            b.tlsVerify(tlsVerify);
        }
        if (authFile != null) {
            b.authFile(authFile);
        }
        if (registriesD != null) {
            b.registriesDirectory(registriesD);
        }
        return b.build();
    }

    /** Loads the trust policy (default: the user's or the system policy.json) and the lookaside config. */
    static PolicyEvaluator trustPolicy(Path policyFile, Path registriesD) throws IOException {
        SignaturePolicy policy = policyFile != null ? SignaturePolicy.load(policyFile) : SignaturePolicy.discover();
        RegistriesD lookaside = registriesD != null ? RegistriesD.load(registriesD) : RegistriesD.discover();
        return PolicyEvaluator.builder(policy).registriesD(lookaside).build();
    }

    /**
     * skopeo checks the trust policy before copying anything; for an index it checks the instance
     * that will be copied, as {@code image verify} does.
     */
    static void enforcePolicy(ImageSource src, PolicyEvaluator trust, Optional<PlatformMatcher> platform)
            throws IOException {
        Optional<Digest> instance = Optional.empty();
        ManifestBytes top = src.manifest(Optional.empty());
        if (top.isIndex() && platform.isPresent()) {
            instance = Optional.of(platform.get().choose(ImageIndex.parse(top)).digest());
        }
        trust.enforce(src, instance);
    }

    /** skopeo-style progress lines. */
    private static final class Lines implements ProgressListener {
        private final PrintWriter out;

        Lines(PrintWriter out) {
            this.out = out;
        }

        @Override
        public synchronized void blobStarted(Descriptor blob) {
            out.println("Copying blob " + blob.digest().hex().substring(0, 12) + " started");
        }

        @Override
        public synchronized void blobSkipped(Descriptor blob) {
            out.println("Copying blob " + blob.digest().hex().substring(0, 12) + " skipped: already exists");
        }

        @Override
        public synchronized void blobDone(Descriptor blob) {
            out.println("Copying blob " + blob.digest().hex().substring(0, 12) + " done");
        }
    }
}
