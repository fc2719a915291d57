package io.bootc4j.ostree.sign;

import io.bootc4j.ostree.Metadata;
import io.bootc4j.ostree.MetadataValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Verifies the {@value Ed25519CommitSigner#METADATA_KEY} signatures in detached metadata against
 * trusted public keys, minus revoked ones, as {@code ostree_sign_ed25519_data_verify} does:
 * accepted when any signature verifies with any trusted, unrevoked key. Immutable, thread-safe.
 */
public final class Ed25519CommitVerifier implements CommitVerifier {

    private final List<Ed25519PublicKey> trusted;
    private final Set<Ed25519PublicKey> revoked;

    private Ed25519CommitVerifier(Collection<Ed25519PublicKey> trusted, Collection<Ed25519PublicKey> revoked) {
        this.trusted = List.copyOf(new LinkedHashSet<>(trusted));
        this.revoked = Set.copyOf(revoked);
    }

    public static Ed25519CommitVerifier trusting(Collection<Ed25519PublicKey> trusted) {
        return new Ed25519CommitVerifier(trusted, List.of());
    }

    /** Like {@link #trusting} but never accepts a signature by a key in {@code revoked}. */
    public static Ed25519CommitVerifier trusting(Collection<Ed25519PublicKey> trusted,
            Collection<Ed25519PublicKey> revoked) {
        return new Ed25519CommitVerifier(trusted, revoked);
    }

    @Override
    public SignatureVerdict verify(byte[] signedBytes, Metadata detachedMetadata) {
        List<SignatureVerdict.GoodSignature> good = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Optional<MetadataValue> value = detachedMetadata.get(Ed25519CommitSigner.METADATA_KEY);
        if (value.isEmpty()) {
            problems.add("no " + Ed25519CommitSigner.METADATA_KEY + " signatures in the detached metadata");
            return new SignatureVerdict(good, problems);
        }
        if (!(value.get() instanceof MetadataValue.ByteStrings sigs)) {
            problems.add(Ed25519CommitSigner.METADATA_KEY + " holds " + value.get().typeString() + ", not aay");
            return new SignatureVerdict(good, problems);
        }
        List<byte[]> signatures = sigs.value();
        for (int i = 0; i < signatures.size(); i++) {
            byte[] sig = signatures.get(i);
            if (sig.length != 64) {
                problems.add("ed25519 signature " + i + " has " + sig.length + " bytes, not 64");
                continue;
            }
            Optional<Ed25519PublicKey> signer = trusted.stream().filter(k -> verifies(k, signedBytes, sig)).findFirst();
            if (signer.isEmpty()) {
                problems.add("ed25519 signature " + i + " does not verify with any of " + trusted.size()
                        + " trusted keys");
            } else if (revoked.contains(signer.get())) {
                problems.add("ed25519 signature " + i + " is by revoked key " + signer.get());
            } else {
                good.add(new SignatureVerdict.GoodSignature("ed25519", signer.get().toString(), Optional.empty()));
            }
        }
        return new SignatureVerdict(good, problems);
    }

    private static boolean verifies(Ed25519PublicKey key, byte[] data, byte[] sig) {
        Ed25519Signer v = new Ed25519Signer();
        v.init(false, new Ed25519PublicKeyParameters(key.bytesUnsafe(), 0));
        v.update(data, 0, data.length);
        return v.verifySignature(sig);
    }
}
