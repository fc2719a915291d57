package io.bootc4j.testing;

import java.util.List;

/** What a finished tool run returned: its command line, exit code, and captured output. */
public record ProcessResult(List<String> command, int exitCode, String stdout, String stderr) {

    public ProcessResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Returns this result when the exit code is 0, else throws with the command and its stderr. */
    public ProcessResult assertSuccess() {
        if (exitCode != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + exitCode
                    + "\nstdout: " + stdout + "\nstderr: " + stderr);
        }
        return this;
    }
}
