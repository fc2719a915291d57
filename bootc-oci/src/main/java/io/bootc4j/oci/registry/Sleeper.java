package io.bootc4j.oci.registry;

import java.time.Duration;

/** Waits between retries; injected so tests run without real delays. */
@FunctionalInterface
public interface Sleeper {

    /** {@link Thread#sleep}. */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
