package io.bootc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.testing.ProcessResult;
import io.bootc4j.testing.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code bin/utf8-locale.sh}, which {@code bin/bootc4j} sources before starting the JVM: whatever
 * the caller's locale, the JVM decodes file names as UTF-8, and a UTF-8 locale is left alone.
 */
class Utf8LocaleTest {

    private static final Path SCRIPT = Path.of("..", "bin", "utf8-locale.sh").toAbsolutePath().normalize();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "LANG=C                  | C.UTF-8",
        "LC_ALL=C                | C.UTF-8",
        "LC_ALL=POSIX LANG=C.UTF-8 | C.UTF-8",
        "''                      | C.UTF-8",
        "LANG=en_US.ISO-8859-1   | C.UTF-8",
        "LC_CTYPE=C              | C.UTF-8",
        "LANG=C.UTF-8            | ''",
        "LC_ALL=C.utf8           | C.utf8",
    })
    void theJvmDecodesFileNamesAsUtf8WhateverTheLocale(String environment, String expectedLcAll) {
        assertThat(SCRIPT).exists();
        List<String> cmd = new ArrayList<>(List.of("env", "-u", "LC_ALL", "-u", "LANG", "-u", "LC_CTYPE"));
        if (!environment.isEmpty()) {
            cmd.addAll(List.of(environment.split(" ")));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        cmd.addAll(List.of("bash", "-c", ". \"$1\"; printf '%s\\n' \"${LC_ALL:-}\"; exec \"$2\" -XshowSettings:properties -version",
                "sh", SCRIPT.toString(), java));
        ProcessResult r = Processes.run(cmd, null, Map.of(), Duration.ofSeconds(30)).assertSuccess();
        assertThat(r.stdout().strip()).isEqualTo(expectedLcAll);
        assertThat(r.stderr()).contains("sun.jnu.encoding = UTF-8");
    }
}
