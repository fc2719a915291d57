package io.bootc4j.cli;

import io.bootc4j.ostree.CheckoutOptions;
import io.bootc4j.ostree.Repo;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bootc4j ostree checkout}: same options as {@code ostree checkout}. */
@Command(name = "checkout", description = "Check out a commit into a filesystem tree.")
final class OstreeCheckoutCommand extends OstreeCommand.Sub {

    @Option(names = {"-U", "--user-mode"}, description = "Do not change file ownership or initialize extended attributes.")
    boolean userMode;

    @Option(names = {"-H", "--require-hardlinks"}, description = "Do not fall back to full copies if hardlinking fails.")
    boolean requireHardlinks;

    @Option(names = {"-C", "--force-copy"}, description = "Never hardlink (but may reflink if available).")
    boolean forceCopy;

    @Option(names = "--union", description = "Keep existing directories, overwrite existing files.")
    boolean union;

    @Option(names = "--union-add", description = "Keep existing files/directories, only add new.")
    boolean unionAdd;

    @Option(names = "--subpath", paramLabel = "PATH", description = "Checkout sub-directory PATH.")
    String subpath;

    @Parameters(index = "0", paramLabel = "COMMIT")
    String commit;

    @Parameters(index = "1", paramLabel = "DESTINATION")
    Path destination;

    @Override
    public Integer call() throws IOException {
        if (requireHardlinks && forceCopy) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Cannot specify both --require-hardlinks and --force-copy");
        }
        if (union && unionAdd) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Cannot specify both --union and --union-add");
        }
        CheckoutOptions o = CheckoutOptions.defaults()
                .withMode(userMode ? CheckoutOptions.Mode.USER : CheckoutOptions.Mode.NONE)
                .withLink(requireHardlinks ? CheckoutOptions.Link.REQUIRE_HARDLINKS
                        : forceCopy ? CheckoutOptions.Link.COPY : CheckoutOptions.Link.AUTO)
                .withOverwrite(union ? CheckoutOptions.Overwrite.UNION_FILES
                        : unionAdd ? CheckoutOptions.Overwrite.ADD_FILES : CheckoutOptions.Overwrite.NONE)
                .withSubpath(subpath);
        try (Repo repo = openRepo()) {
            repo.checkout(commit, destination, o);
        }
        return 0;
    }
}
