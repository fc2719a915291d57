package io.bootc4j.ostree;

import io.bootc4j.ostree.internal.nativeio.NativeSha256Spi;
import io.bootc4j.ostree.internal.nativeio.Sha256;
import java.security.InvalidParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Optional;

/**
 * A JCA security provider offering one algorithm, the {@code MessageDigest} {@code "SHA-256"}
 * (aliases {@code SHA256} and its OID), computed by OpenSSL's libcrypto. libcrypto uses the CPU's
 * SHA extensions from the first byte, where the JDK's own SHA-256 runs as plain Java until C2 has
 * compiled its intrinsic: in a short-lived process (a CLI pull hashing every blob) that warm-up is
 * a large share of the CPU time.
 *
 * <p>Code that must stay free of native code (bootc-oci) keeps calling
 * {@code MessageDigest.getInstance("SHA-256")}; an application that wants the native digest calls
 * {@link #installFirst()} once at start-up. From then on every SHA-256 in the process, the JDK's
 * own included (TLS handshakes, jar verification, signatures), is this provider's: its digests are
 * cloneable and clones continue independently.
 *
 * <p>When libcrypto cannot be loaded (or fails its self-test) a new provider offers no service at
 * all, so {@code MessageDigest.getInstance} falls through to the next provider, and
 * {@link #installFirst()} installs nothing. Instances are immutable and thread-safe; each digest
 * they create is, like every {@code MessageDigest}, for one thread at a time.
 */
public final class NativeDigestProvider extends Provider {

    private static final long serialVersionUID = 1L;

    /** The provider's name, as {@link Security#getProvider(String)} knows it. */
    public static final String NAME = "bootc4j-libcrypto";

    /** The provider's version string. */
    public static final String VERSION = "0.1";

    private static final String INFO = "bootc4j: SHA-256 (MessageDigest) through OpenSSL libcrypto";

    private static final String ALGORITHM = "SHA-256";

    private static final List<String> ALIASES =
            List.of("SHA256", "2.16.840.1.101.3.4.2.1", "OID.2.16.840.1.101.3.4.2.1");

    /** Serialises {@link #installFirst()} against itself. */
    private static final Object INSTALL_LOCK = new Object();

    /** A provider offering SHA-256 when libcrypto is {@linkplain #available() available}, nothing otherwise. */
    public NativeDigestProvider() {
        super(NAME, VERSION, INFO);
        if (available()) {
            putService(new Sha256Service(this));
        }
    }

    /** True when libcrypto's SHA-256 loaded and passed its self-test in this process. */
    public static boolean available() {
        return Sha256.nativeAvailable();
    }

    /**
     * A provider to hand to code that takes one (such as bootc-oci's
     * {@code Digest.useSha256Provider}), when libcrypto is {@linkplain #available() available} and
     * the system property {@value Sha256#PROPERTY} does not say {@code jdk}; empty otherwise.
     * Nothing is installed: unlike {@link #installFirst()}, this does not make the JCA load every
     * configured provider (~30 ms on a fresh JVM).
     */
    public static Optional<NativeDigestProvider> create() {
        return create(System.getProperty(Sha256.PROPERTY));
    }

    /** {@link #create()} as if {@value Sha256#PROPERTY} were {@code property} ({@code null}: unset). */
    static Optional<NativeDigestProvider> create(String property) {
        return Sha256.nativeAllowed(property) && available() ? Optional.of(new NativeDigestProvider()) : Optional.empty();
    }

    /** True when a {@code NativeDigestProvider} is in the JCA provider list (at any position). */
    public static boolean installed() {
        return Security.getProvider(NAME) instanceof NativeDigestProvider;
    }

    /**
     * Puts a provider first in the JCA provider list, unless one is already installed, when
     * libcrypto is {@linkplain #available() available} and the system property
     * {@value Sha256#PROPERTY} does not say {@code jdk}. Idempotent and thread-safe.
     *
     * @return whether this provider is installed (so {@code MessageDigest.getInstance("SHA-256")}
     *     returns its digests unless the caller later put another provider before it)
     * @throws SecurityException when a security manager forbids changing the provider list
     */
    public static boolean installFirst() {
        return installFirst(System.getProperty(Sha256.PROPERTY));
    }

    /** {@link #installFirst()} as if {@value Sha256#PROPERTY} were {@code property} ({@code null}: unset). */
    static boolean installFirst(String property) {
        if (!Sha256.nativeAllowed(property) || !available()) {
            return false;
        }
        synchronized (INSTALL_LOCK) {
            if (installed()) {
                return true;
            }
            // -1 only when another provider already took the name: then ours is not active
            return Security.insertProviderAt(new NativeDigestProvider(), 1) != -1;
        }
    }

    /** The one service, constructing its engine directly: no reflection, so it survives shading. */
    private static final class Sha256Service extends Provider.Service {

        Sha256Service(Provider provider) {
            super(provider, "MessageDigest", ALGORITHM, NativeSha256Spi.class.getName(), ALIASES, null);
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            if (constructorParameter != null) {
                throw new InvalidParameterException("MessageDigest " + ALGORITHM + " takes no constructor parameter, given "
                        + constructorParameter.getClass().getName());
            }
            try {
                return new NativeSha256Spi();
            } catch (IllegalStateException e) {
                throw new NoSuchAlgorithmException(NAME + ": " + e.getMessage(), e);
            }
        }
    }
}
