package io.bootc4j.cli;

import io.bootc4j.ostree.CheckoutOptions;
import io.bootc4j.ostree.Repo;
import java.io.IOException;
import java.nio.file.Path;

/** {@code bootc4j ostree checkout}: same options as {@code ostree checkout}. */
final class OstreeCheckoutCommand extends OstreeCommand.Sub {

    boolean userMode;
    boolean requireHardlinks;
    boolean forceCopy;
    boolean union;
    boolean unionAdd;
    String subpath;
    String commit;
    Path destination;

    OstreeCheckoutCommand(OstreeCommand parent) {
        super(parent);
    }

    static CommandSyntax<OstreeCheckoutCommand> syntax() {
        return CommandSyntax.under("checkout", "Check out a commit into a filesystem tree.", OstreeCheckoutCommand::new)
                .flag("-U, --user-mode", "Do not change file ownership or initialize extended attributes.",
                        c -> c.userMode = true)
                .flag("-H, --require-hardlinks", "Do not fall back to full copies if hardlinking fails.",
                        c -> c.requireHardlinks = true)
                .flag("-C, --force-copy", "Never hardlink (but may reflink if available).", c -> c.forceCopy = true)
                .flag("--union", "Keep existing directories, overwrite existing files.", c -> c.union = true)
                .flag("--union-add", "Keep existing files/directories, only add new.", c -> c.unionAdd = true)
                .value("--subpath", "PATH", "Checkout sub-directory PATH.", (c, v) -> c.subpath = v)
                .parameter("COMMIT", "", (c, v) -> c.commit = v)
                .pathParameter("DESTINATION", "", (c, v) -> c.destination = v);
    }

    @Override
    int call() throws IOException {
        if (requireHardlinks && forceCopy) {
            throw new UsageException("Cannot specify both --require-hardlinks and --force-copy");
        }
        if (union && unionAdd) {
            throw new UsageException("Cannot specify both --union and --union-add");
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
