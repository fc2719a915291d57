package io.bootc4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A training run for the class-data-sharing archive that {@code bin/bootc4j} makes after each
 * build: serves an OCI layout as a registry on loopback ({@link LayoutRegistry}) and runs one
 * {@code bootc4j} command line against it, in this JVM, as a user would.
 *
 * <p>Why: the archive holds the classes its training runs load, and without a registry to talk to
 * none of them loads the JDK HttpClient's request and response path (HTTP/1.1 exchange, body
 * subscribers, socket tube, their lambdas and method handles) or the registry client's handling of
 * answers; every pull then loaded about a hundred of them from the JDK's modules and spun the
 * lambda forms again. A user's machine has no registry, skopeo or network to train with, so the
 * registry comes from the layout the launcher already builds.
 *
 * <p>Usage: {@code java -cp bootc-cli-all.jar io.bootc4j.cli.CdsTraining LAYOUT REPOSITORY ARGS...},
 * where {@code {registry}} in ARGS stands for the server's {@code 127.0.0.1:PORT}, e.g. {@code
 * image copy -q --src-tls-verify=false --insecure-policy docker://{registry}/cds/image:latest
 * oci:OUT:latest}. The exit code is the command's. Not an API: a helper of the launcher.
 */
final class CdsTraining {

    static final String REGISTRY = "{registry}";

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: CdsTraining LAYOUT REPOSITORY BOOTC4J-ARGS... (got "
                    + Arrays.toString(args) + ")");
        }
        // Main.main ends the JVM with the command's exit code; close() only runs when it throws.
        try (LayoutRegistry registry = LayoutRegistry.serve(Path.of(args[0]), args[1])) {
            Main.main(withRegistry(Arrays.copyOfRange(args, 2, args.length), registry.host()));
        }
    }

    /** {@code args} with every {@link #REGISTRY} replaced by {@code host}. */
    static String[] withRegistry(String[] args, String host) {
        return Arrays.stream(args).map(a -> a.replace(REGISTRY, host)).toArray(String[]::new);
    }
}
