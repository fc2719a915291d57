package io.bootc4j.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real {@code ostree} command line: {@code ostree --repo=REPO …} and {@code ostree admin --sysroot=…}. */
public final class OstreeCli {

    private final Path repo;

    public OstreeCli(Path repo) {
        this.repo = repo;
    }

    public Path repo() {
        return repo;
    }

    /** Runs {@code ostree SUBCOMMAND --repo=REPO ARGS…}. */
    public ProcessResult run(String subcommand, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ostree", subcommand, "--repo=" + repo));
        cmd.addAll(List.of(args));
        return Processes.run(cmd, null, Map.of(), Processes.DEFAULT_TIMEOUT);
    }

    /** Runs {@code ostree admin SUBCOMMAND --sysroot=SYSROOT ARGS…}. */
    public static ProcessResult admin(Path sysroot, String subcommand, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ostree", "admin", subcommand, "--sysroot=" + sysroot));
        cmd.addAll(List.of(args));
        return Processes.run(cmd, null, Map.of(), Processes.DEFAULT_TIMEOUT);
    }

    /** Runs {@code ostree init --repo=REPO --mode=MODE}, asserting success. */
    public OstreeCli init(String mode) {
        run("init", "--mode=" + mode).assertSuccess();
        return this;
    }

    /**
     * Sets {@code core.fsync=false} in the repository config, asserting success: commits then skip
     * fsync, which is most of their time on a small test machine. Crash-safety tests should not.
     */
    public OstreeCli disableFsync() {
        run("config", "set", "core.fsync", "false").assertSuccess();
        return this;
    }
}
