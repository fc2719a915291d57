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
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bootc4j image copy|inspect}: skopeo's commands and option names over the bootc4j
 * transports ({@code docker://}, {@code oci:}, {@code oci-archive:}, {@code docker-archive:},
 * {@code dir:}), so scripts can switch between the two tools.
 */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "Copy and inspect container images (skopeo-compatible syntax).")
public final class ImageCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing image subcommand (copy or inspect)");
    }

    /** {@code image copy [OPTIONS] SRC DEST}. */
    @Command(name = "copy", mixinStandardHelpOptions = true, description = "Copy an image from SRC to DEST.")
    static final class Copy implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "SRC") String source;
        @Parameters(index = "1", paramLabel = "DEST") String destination;

        @Option(names = "--src-tls-verify", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
                description = "Require HTTPS and verify certificates when talking to the source registry.")
        Boolean srcTlsVerify;

        @Option(names = "--dest-tls-verify", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
                description = "Require HTTPS and verify certificates when talking to the destination registry.")
        Boolean destTlsVerify;

        @Option(names = "--authfile", paramLabel = "FILE", description = "Registry credentials (auth.json).")
        Path authFile;

        @Option(names = "--override-arch", paramLabel = "ARCH", description = "Use ARCH instead of the host's.")
        String overrideArch;

        @Option(names = "--override-os", paramLabel = "OS", description = "Use OS instead of the host's.")
        String overrideOs;

        @Option(names = "--override-variant", paramLabel = "VARIANT", description = "Use VARIANT instead of the host's.")
        String overrideVariant;

        @Option(names = {"--all", "-a"}, description = "Copy every image of an index, and the index itself.")
        boolean all;

        @Option(names = "--remove-signatures", description = "Do not copy signatures.")
        boolean removeSignatures;

        @Option(names = "--policy", paramLabel = "FILE", description = "Trust policy (policy.json) to enforce.")
        Path policy;

        @Option(names = "--insecure-policy", description = "Run without any trust policy (accept everything).")
        boolean insecurePolicy;

        @Option(names = "--registries.d", paramLabel = "DIR", description = "Signature lookaside configuration.")
        Path registriesD;

        @Option(names = {"--quiet", "-q"}, description = "Print nothing while copying.")
        boolean quiet;

        @Option(names = "--verify-diff-ids", description = "Also decompress every layer copied and check it against "
                + "the image config's rootfs.diff_ids (skopeo has no such flag: it never decompresses layers).")
        boolean verifyDiffIds;

        @Option(names = "--image-parallel-copies", paramLabel = "N",
                description = "Copy at most N blobs at once (default: ${DEFAULT-VALUE}).")
        int parallelCopies = CopyOptions.DEFAULT_CONCURRENT_BLOBS;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            NativeWarmup.nativeBlobDigests();
            PrintWriter out = spec.commandLine().getOut();
            if (parallelCopies < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--image-parallel-copies must be at least 1, got " + parallelCopies);
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
    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Print an image's manifest digest, platform, layers, labels and environment as JSON.")
    static final class Inspect implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "SRC") String source;

        @Option(names = "--raw", description = "Print the exact manifest bytes (with --config: the exact config bytes).")
        boolean raw;

        @Option(names = "--config", description = "Print the image config instead of the summary.")
        boolean config;

        @Option(names = "--tls-verify", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
                description = "Require HTTPS and verify certificates when talking to the registry.")
        Boolean tlsVerify;

        @Option(names = "--authfile", paramLabel = "FILE", description = "Registry credentials (auth.json).")
        Path authFile;

        @Option(names = "--override-arch", paramLabel = "ARCH") String overrideArch;
        @Option(names = "--override-os", paramLabel = "OS") String overrideOs;
        @Option(names = "--override-variant", paramLabel = "VARIANT") String overrideVariant;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
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
     * ~60 ms (its date format's calendar loads the locale providers), which picocli would
     * otherwise pay on the main thread when it instantiates this class for any image command.
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
