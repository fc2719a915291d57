package io.bootc4j.cli;

import io.bootc4j.testing.ProcessResult;
import io.bootc4j.testing.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs a main class of the test class path in a fresh JVM (this JVM's java, class path). */
final class ChildJvm {

    private ChildJvm() {}

    static ProcessResult run(List<String> jvmOptions, Class<?> mainClass, List<String> args) {
        return run(Map.of(), jvmOptions, mainClass, args);
    }

    /** The same with {@code env} added to the environment. */
    static ProcessResult run(Map<String, String> env, List<String> jvmOptions, Class<?> mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        cmd.addAll(args);
        return Processes.run(cmd, null, env, Duration.ofSeconds(60));
    }
}
