package io.bootc4j.oci.registry.internal;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made by its factory when first asked for, then kept: for expensive parts of the
 * registry client (HTTP clients, TLS contexts) that many runs never use. Thread-safe; the factory
 * runs at most once unless it throws, and then again on the next call.
 */
public final class OnFirstUse<T> implements Supplier<T> {

    private final Supplier<T> factory;
    private volatile T value;

    public OnFirstUse(Supplier<T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = Objects.requireNonNull(factory.get(), "factory returned null");
                    value = v;
                }
            }
        }
        return v;
    }
}
