package io.bootc4j.oci.signature.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootc4j.oci.signature.KeySource;
import io.bootc4j.oci.signature.PolicyFormatException;
import io.bootc4j.oci.signature.PolicyRequirement;
import io.bootc4j.oci.signature.SignaturePolicy;
import io.bootc4j.oci.signature.SignedIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses policy.json exactly as strictly as containers/image ({@code signature/policy_config.go},
 * {@code policy_config_sigstore.go}): unknown or duplicate keys, wrong types, empty requirement
 * lists and contradictory key sources all refuse the whole file.
 */
public final class PolicyParser {

    private PolicyParser() {}

    public static SignaturePolicy parse(byte[] json, String source) throws PolicyFormatException {
        try {
            StrictJson.Obj root = StrictJson.root(StrictJson.parse(json)).allowOnly(Set.of("default", "transports"));
            List<PolicyRequirement> defaults = requirements(root, "default");
            Map<String, Map<String, List<PolicyRequirement>>> transports = new LinkedHashMap<>();
            if (root.has("transports")) {
                StrictJson.Obj t = root.object("transports");
                for (String transport : t.keys()) {
                    StrictJson.Obj scopes = t.object(transport);
                    Map<String, List<PolicyRequirement>> byScope = new LinkedHashMap<>();
                    for (String scope : scopes.keys()) {
                        String problem = PolicyScopes.validateScope(transport, scope);
                        if (problem != null) {
                            throw new JsonShapeException(scopes.pathOf(scope), problem);
                        }
                        byScope.put(scope, requirements(scopes, scope));
                    }
                    transports.put(transport, byScope);
                }
            }
            return SignaturePolicy.of(defaults, transports, source);
        } catch (JsonShapeException e) {
            throw new PolicyFormatException(source, e.path(), messageOf(e));
        }
    }

    private static String messageOf(JsonShapeException e) {
        String m = e.getMessage();
        String prefix = e.path() + ": ";
        return !e.path().isEmpty() && m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private static List<PolicyRequirement> requirements(StrictJson.Obj parent, String key) {
        List<JsonNode> items = parent.array(key);
        if (items.isEmpty()) {
            throw new JsonShapeException(parent.pathOf(key), "list of verification policy requirements must not be empty");
        }
        List<PolicyRequirement> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(requirement(StrictJson.asObject(items.get(i), parent.pathOf(key) + "[" + i + "]")));
        }
        return out;
    }

    static PolicyRequirement requirement(StrictJson.Obj o) {
        String type = o.string("type");
        switch (type) {
            case "insecureAcceptAnything":
                o.allowOnly(Set.of("type"));
                return new PolicyRequirement.InsecureAcceptAnything();
            case "reject":
                o.allowOnly(Set.of("type"));
                return new PolicyRequirement.Reject();
            case "signedBy":
                return signedBy(o);
            case "sigstoreSigned":
                return sigstoreSigned(o);
            case "signedBaseLayer":
                o.allowOnly(Set.of("type", "baseLayerIdentity"));
                return new PolicyRequirement.SignedBaseLayer(identity(o.object("baseLayerIdentity")));
            default:
                throw new JsonShapeException(o.pathOf("type"), "unknown policy requirement type \"" + type + "\"");
        }
    }

    private static PolicyRequirement signedBy(StrictJson.Obj o) {
        o.allowOnly(Set.of("type", "keyType", "keyPath", "keyPaths", "keyData", "signedIdentity"));
        if (!o.has("keyType")) {
            throw new JsonShapeException(o.pathOf("keyType"), "keyType field missing in signedBy");
        }
        String keyType = o.string("keyType");
        if (!Set.of("GPGKeys", "signedByGPGKeys", "X509Certificates", "signedByX509CAs").contains(keyType)) {
            throw new JsonShapeException(o.pathOf("keyType"), "unknown key type \"" + keyType + "\"");
        }
        KeySource keys = keySource(o, "keyPath", "keyPaths", "keyData", null)
                .orElseThrow(() -> new JsonShapeException(o.path(),
                        "exactly one of keyPath, keyPaths and keyData must be specified, found none"));
        return new PolicyRequirement.SignedBy(keyType, keys, optionalIdentity(o, "signedIdentity"));
    }

    private static PolicyRequirement sigstoreSigned(StrictJson.Obj o) {
        o.allowOnly(Set.of("type", "keyPath", "keyPaths", "keyData", "keyDatas", "fulcio", "pki",
                "rekorPublicKeyPath", "rekorPublicKeyPaths", "rekorPublicKeyData", "rekorPublicKeyDatas",
                "signedIdentity"));
        List<String> present = new ArrayList<>();
        for (String k : List.of("keyPath", "keyPaths", "keyData", "keyDatas", "fulcio", "pki")) {
            if (o.has(k)) {
                present.add(k);
            }
        }
        if (present.size() != 1) {
            throw new JsonShapeException(o.path(), "exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio and pki "
                    + "must be specified, found " + (present.isEmpty() ? "none" : String.join(" and ", present)));
        }
        Optional<KeySource> keys = keySource(o, "keyPath", "keyPaths", "keyData", "keyDatas");
        Optional<KeySource> rekor = keySource(o, "rekorPublicKeyPath", "rekorPublicKeyPaths",
                "rekorPublicKeyData", "rekorPublicKeyDatas");
        Optional<PolicyRequirement.Fulcio> fulcio = Optional.empty();
        Optional<PolicyRequirement.Pki> pki = Optional.empty();
        if (o.has("fulcio")) {
            fulcio = Optional.of(fulcio(o.object("fulcio")));
            if (rekor.isEmpty()) {
                throw new JsonShapeException(o.path(), "fulcio requires a Rekor public key (rekorPublicKeyPath or rekorPublicKeyData)");
            }
        }
        if (o.has("pki")) {
            pki = Optional.of(pki(o.object("pki")));
            if (rekor.isPresent()) {
                throw new JsonShapeException(o.path(), "pki cannot be used together with a Rekor public key");
            }
        }
        return new PolicyRequirement.SigstoreSigned(keys, fulcio, pki, rekor, optionalIdentity(o, "signedIdentity"));
    }

    private static PolicyRequirement.Fulcio fulcio(StrictJson.Obj o) {
        o.allowOnly(Set.of("caPath", "caData", "oidcIssuer", "subjectEmail"));
        KeySource ca = keySource(o, "caPath", null, "caData", null)
                .orElseThrow(() -> new JsonShapeException(o.path(), "exactly one of caPath and caData must be specified"));
        if (!o.has("oidcIssuer")) {
            throw new JsonShapeException(o.pathOf("oidcIssuer"), "oidcIssuer not specified in fulcio");
        }
        if (!o.has("subjectEmail")) {
            throw new JsonShapeException(o.pathOf("subjectEmail"), "subjectEmail not specified in fulcio");
        }
        String issuer = nonEmpty(o, "oidcIssuer");
        String email = nonEmpty(o, "subjectEmail");
        return new PolicyRequirement.Fulcio(ca, issuer, email);
    }

    private static PolicyRequirement.Pki pki(StrictJson.Obj o) {
        o.allowOnly(Set.of("caRootsPath", "caRootsData", "caIntermediatesPath", "caIntermediatesData",
                "subjectEmail", "subjectHostname"));
        KeySource roots = keySource(o, "caRootsPath", null, "caRootsData", null)
                .orElseThrow(() -> new JsonShapeException(o.path(), "exactly one of caRootsPath and caRootsData must be specified"));
        Optional<KeySource> intermediates = keySource(o, "caIntermediatesPath", null, "caIntermediatesData", null);
        Optional<String> email = o.optString("subjectEmail");
        Optional<String> host = o.optString("subjectHostname");
        if (email.isEmpty() && host.isEmpty()) {
            throw new JsonShapeException(o.path(), "at least one of subjectEmail and subjectHostname must be specified");
        }
        return new PolicyRequirement.Pki(roots, intermediates, email, host);
    }

    /**
     * Reads at most one of the given key-source fields (a null name means "not allowed here");
     * two present fields are an error naming both.
     */
    private static Optional<KeySource> keySource(StrictJson.Obj o, String path, String paths, String data, String datas) {
        List<String> present = new ArrayList<>();
        for (String k : new String[] {path, paths, data, datas}) {
            if (k != null && o.has(k)) {
                present.add(k);
            }
        }
        if (present.isEmpty()) {
            return Optional.empty();
        }
        if (present.size() > 1) {
            throw new JsonShapeException(o.pathOf(present.get(1)),
                    String.join(" and ", present) + " cannot be specified together");
        }
        String k = present.get(0);
        if (k.equals(path)) {
            return Optional.of(KeySource.ofPaths(k, List.of(Path.of(nonEmpty(o, k)))));
        }
        if (k.equals(paths)) {
            List<String> list = o.stringList(k);
            if (list.isEmpty()) {
                throw new JsonShapeException(o.pathOf(k), k + " must not be empty");
            }
            List<Path> ps = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).isEmpty()) {
                    throw new JsonShapeException(o.pathOf(k) + "[" + i + "]", "path must not be empty");
                }
                ps.add(Path.of(list.get(i)));
            }
            return Optional.of(KeySource.ofPaths(k, ps));
        }
        if (k.equals(data)) {
            byte[] bytes = o.base64(k);
            if (bytes.length == 0) {
                throw new JsonShapeException(o.pathOf(k), k + " must not be empty");
            }
            return Optional.of(KeySource.ofData(k, List.of(bytes)));
        }
        List<byte[]> list = o.base64List(k);
        if (list.isEmpty()) {
            throw new JsonShapeException(o.pathOf(k), k + " must not be empty");
        }
        return Optional.of(KeySource.ofData(k, list));
    }

    private static String nonEmpty(StrictJson.Obj o, String key) {
        String v = o.string(key);
        if (v.isEmpty()) {
            throw new JsonShapeException(o.pathOf(key), key + " must not be empty");
        }
        return v;
    }

    private static SignedIdentity optionalIdentity(StrictJson.Obj o, String key) {
        return o.has(key) ? identity(o.object(key)) : new SignedIdentity.MatchRepoDigestOrExact();
    }

    static SignedIdentity identity(StrictJson.Obj o) {
        String type = o.string("type");
        switch (type) {
            case "matchExact":
                o.allowOnly(Set.of("type"));
                return new SignedIdentity.MatchExact();
            case "matchRepoDigestOrExact":
                o.allowOnly(Set.of("type"));
                return new SignedIdentity.MatchRepoDigestOrExact();
            case "matchRepository":
                o.allowOnly(Set.of("type"));
                return new SignedIdentity.MatchRepository();
            case "exactReference": {
                o.allowOnly(Set.of("type", "dockerReference"));
                String ref = o.string("dockerReference");
                String problem = IdentityMatching.validateExactReference(ref);
                if (problem != null) {
                    throw new JsonShapeException(o.pathOf("dockerReference"), problem);
                }
                return new SignedIdentity.ExactReference(ref);
            }
            case "exactRepository": {
                o.allowOnly(Set.of("type", "dockerRepository"));
                String repo = o.string("dockerRepository");
                String problem = IdentityMatching.validateRepository(repo);
                if (problem != null) {
                    throw new JsonShapeException(o.pathOf("dockerRepository"), problem);
                }
                return new SignedIdentity.ExactRepository(repo);
            }
            case "remapIdentity": {
                o.allowOnly(Set.of("type", "prefix", "signedPrefix"));
                String prefix = o.string("prefix");
                String signedPrefix = o.string("signedPrefix");
                for (String k : List.of("prefix", "signedPrefix")) {
                    String problem = IdentityMatching.validatePrefix(o.string(k));
                    if (problem != null) {
                        throw new JsonShapeException(o.pathOf(k), problem);
                    }
                }
                return new SignedIdentity.RemapIdentity(prefix, signedPrefix);
            }
            default:
                throw new JsonShapeException(o.pathOf("type"), "unknown policy reference match type \"" + type + "\"");
        }
    }
}
