package io.bootc4j.oci.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How bodiless registry requests (GET, HEAD) are retried: connection failures, 5xx and 408 with
 * exponential backoff from {@code initialBackoff} doubling up to {@code maxBackoff}; 429 after its
 * {@code Retry-After} (seconds or HTTP date) when given, never longer than {@code maxRetryAfter}.
 * A broken blob download is resumed up to {@code maxAttempts} times as well.
 *
 * @param maxAttempts total attempts including the first (containers/image uses 5 for 429)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry policy maxAttempts " + maxAttempts + " is below 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0 || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retry policy durations out of order: initial " + initialBackoff
                    + ", max " + maxBackoff + ", max Retry-After " + maxRetryAfter);
        }
    }

    /** 5 attempts, 1 s doubling to 30 s, {@code Retry-After} capped at 60 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** No retries. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** The wait before attempt {@code attempt + 1}, where {@code attempt} counts from 1. */
    public Duration backoff(int attempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
