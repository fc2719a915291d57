package io.bootc4j.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method as an interop test against real tools. Each name in
 * {@link #value()} is an executable looked up on {@code PATH} (for example {@code "ostree"},
 * {@code "skopeo"}, {@code "docker-registry"}). When one is missing the test is skipped with a
 * message naming the Debian package to install, except under {@code CI=true}, where it fails.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("interop")
@ExtendWith(RequiredToolsExtension.class)
public @interface Interop {
    /** Executables the test needs. */
    String[] value();
}
