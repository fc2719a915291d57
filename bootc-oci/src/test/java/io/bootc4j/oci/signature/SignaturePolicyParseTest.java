package io.bootc4j.oci.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignaturePolicyParseTest {

    private static SignaturePolicy parse(String json) throws PolicyFormatException {
        return SignaturePolicy.parse(json.getBytes(StandardCharsets.UTF_8), "test-policy.json");
    }

    private static final String B64 = Base64.getEncoder().encodeToString("key".getBytes(StandardCharsets.UTF_8));

    @Test
    void parsesEveryRequirementTypeAndMatcher() throws Exception {
        SignaturePolicy p = parse("""
            {"default":[{"type":"reject"}],
             "transports":{
               "docker":{
                 "":[{"type":"insecureAcceptAnything"}],
                 "quay.io/a":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k.gpg"}],
                 "quay.io/b":[{"type":"signedBy","keyType":"GPGKeys","keyPaths":["/a","/b"],
                               "signedIdentity":{"type":"matchExact"}}],
                 "quay.io/c":[{"type":"signedBy","keyType":"GPGKeys","keyData":"%1$s",
                               "signedIdentity":{"type":"exactReference","dockerReference":"quay.io/c:1"}}],
                 "quay.io/d":[{"type":"sigstoreSigned","keyPath":"/c.pub",
                               "signedIdentity":{"type":"matchRepository"}}],
                 "quay.io/e":[{"type":"sigstoreSigned","keyDatas":["%1$s","%1$s"],
                               "rekorPublicKeyData":"%1$s",
                               "signedIdentity":{"type":"exactRepository","dockerRepository":"quay.io/x"}}],
                 "quay.io/f":[{"type":"sigstoreSigned",
                               "fulcio":{"caPath":"/ca.pem","oidcIssuer":"https://i","subjectEmail":"a@b"},
                               "rekorPublicKeyPath":"/rekor.pub",
                               "signedIdentity":{"type":"remapIdentity","prefix":"quay.io/f","signedPrefix":"example.com/g"}}],
                 "quay.io/g":[{"type":"sigstoreSigned",
                               "pki":{"caRootsData":"%1$s","subjectHostname":"h.example.com"},
                               "signedIdentity":{"type":"matchRepoDigestOrExact"}}],
                 "quay.io/h":[{"type":"signedBaseLayer","baseLayerIdentity":{"type":"matchRepository"}}]
               },
               "dir":{"/srv/images":[{"type":"reject"}]}
             }}
            """.formatted(B64));
        assertThat(p.defaultRequirements()).containsExactly(new PolicyRequirement.Reject());
        var docker = p.transports().get("docker");
        assertThat(docker).hasSize(9);
        var a = (PolicyRequirement.SignedBy) docker.get("quay.io/a").get(0);
        assertThat(a.keys().paths()).containsExactly(Path.of("/k.gpg"));
        assertThat(a.signedIdentity()).isEqualTo(new SignedIdentity.MatchRepoDigestOrExact());
        var c = (PolicyRequirement.SignedBy) docker.get("quay.io/c").get(0);
        assertThat(c.keys().data()).singleElement().satisfies(d -> assertThat(new String(d, StandardCharsets.UTF_8)).isEqualTo("key"));
        assertThat(c.signedIdentity()).isEqualTo(new SignedIdentity.ExactReference("quay.io/c:1"));
        var e = (PolicyRequirement.SigstoreSigned) docker.get("quay.io/e").get(0);
        assertThat(e.keys().orElseThrow().data()).hasSize(2);
        assertThat(e.rekorPublicKeys()).isPresent();
        var f = (PolicyRequirement.SigstoreSigned) docker.get("quay.io/f").get(0);
        assertThat(f.fulcio().orElseThrow().subjectEmail()).isEqualTo("a@b");
        assertThat(f.signedIdentity()).isEqualTo(new SignedIdentity.RemapIdentity("quay.io/f", "example.com/g"));
        var g = (PolicyRequirement.SigstoreSigned) docker.get("quay.io/g").get(0);
        assertThat(g.pki().orElseThrow().subjectHostname()).contains("h.example.com");
        assertThat(docker.get("quay.io/h").get(0)).isInstanceOf(PolicyRequirement.SignedBaseLayer.class);
        assertThat(p.transports().get("dir")).containsKey("/srv/images");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("unknown top-level key", "{\"default\":[{\"type\":\"reject\"}],\"defualt\":[]}", "unknown key \"defualt\""),
                Arguments.of("duplicate top-level key",
                        "{\"default\":[{\"type\":\"reject\"}],\"default\":[{\"type\":\"reject\"}]}", "Duplicate field 'default'"),
                Arguments.of("duplicate key inside a requirement",
                        "{\"default\":[{\"type\":\"reject\",\"type\":\"reject\"}]}", "Duplicate field 'type'"),
                Arguments.of("missing default", "{\"transports\":{}}", "required key \"default\" is missing"),
                Arguments.of("empty default", "{\"default\":[]}", "default: list of verification policy requirements must not be empty"),
                Arguments.of("default of the wrong type", "{\"default\":{}}", "default: expected an array, found an object"),
                Arguments.of("requirement of the wrong type", "{\"default\":[\"reject\"]}", "default[0]: expected a JSON object, found a string"),
                Arguments.of("unknown requirement type", "{\"default\":[{\"type\":\"acceptAll\"}]}", "unknown policy requirement type \"acceptAll\""),
                Arguments.of("extra key on reject", "{\"default\":[{\"type\":\"reject\",\"keyPath\":\"/k\"}]}", "default[0].keyPath: unknown key \"keyPath\""),
                Arguments.of("signedBy without keyType",
                        "{\"default\":[{\"type\":\"signedBy\",\"keyPath\":\"/k\"}]}", "default[0].keyType: keyType field missing in signedBy"),
                Arguments.of("signedBy with unknown keyType",
                        "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"PGP\",\"keyPath\":\"/k\"}]}", "unknown key type \"PGP\""),
                Arguments.of("signedBy with keyPath and keyData",
                        "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\",\"keyData\":\"" + B64 + "\"}]}",
                        "keyPath and keyData cannot be specified together"),
                Arguments.of("signedBy without any key",
                        "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\"}]}", "exactly one of keyPath, keyPaths and keyData"),
                Arguments.of("signedBy with keyPath of the wrong type",
                        "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":7}]}", "default[0].keyPath: expected a string, found a number"),
                Arguments.of("signedBy with empty keyPaths",
                        "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPaths\":[]}]}", "keyPaths must not be empty"),
                Arguments.of("keyData that is not base64",
                        "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyData\":\"!!\"}]}", "default[0].keyData: invalid base64"),
                Arguments.of("sigstoreSigned with two key sources",
                        "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\"/k\",\"fulcio\":{}}]}", "found keyPath and fulcio"),
                Arguments.of("fulcio without rekor",
                        "{\"default\":[{\"type\":\"sigstoreSigned\",\"fulcio\":{\"caPath\":\"/ca\",\"oidcIssuer\":\"i\",\"subjectEmail\":\"e\"}}]}",
                        "fulcio requires a Rekor public key"),
                Arguments.of("fulcio without subjectEmail",
                        "{\"default\":[{\"type\":\"sigstoreSigned\",\"fulcio\":{\"caPath\":\"/ca\",\"oidcIssuer\":\"i\"},\"rekorPublicKeyPath\":\"/r\"}]}",
                        "default[0].fulcio.subjectEmail: subjectEmail not specified in fulcio"),
                Arguments.of("pki with rekor",
                        "{\"default\":[{\"type\":\"sigstoreSigned\",\"pki\":{\"caRootsPath\":\"/ca\",\"subjectEmail\":\"e\"},\"rekorPublicKeyPath\":\"/r\"}]}",
                        "pki cannot be used together with a Rekor public key"),
                Arguments.of("two rekor key sources",
                        "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\"/k\",\"rekorPublicKeyPath\":\"/r\",\"rekorPublicKeyPaths\":[\"/r\"]}]}",
                        "rekorPublicKeyPath and rekorPublicKeyPaths cannot be specified together"),
                Arguments.of("unknown identity type",
                        "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\",\"signedIdentity\":{\"type\":\"matchAll\"}}]}",
                        "default[0].signedIdentity.type: unknown policy reference match type \"matchAll\""),
                Arguments.of("exactReference without tag or digest",
                        "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\",\"signedIdentity\":"
                                + "{\"type\":\"exactReference\",\"dockerReference\":\"quay.io/a\"}}]}",
                        "default[0].signedIdentity.dockerReference: docker reference \"quay.io/a\" contains neither a tag nor a digest"),
                Arguments.of("exactRepository with invalid name",
                        "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\",\"signedIdentity\":"
                                + "{\"type\":\"exactRepository\",\"dockerRepository\":\"quay.io/UPPER\"}}]}",
                        "invalid docker repository \"quay.io/UPPER\""),
                Arguments.of("matchExact with an extra key",
                        "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\",\"signedIdentity\":"
                                + "{\"type\":\"matchExact\",\"dockerReference\":\"a:b\"}}]}",
                        "default[0].signedIdentity.dockerReference: unknown key \"dockerReference\""),
                Arguments.of("remapIdentity prefix with a tag",
                        "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\",\"signedIdentity\":"
                                + "{\"type\":\"remapIdentity\",\"prefix\":\"quay.io/a:t\",\"signedPrefix\":\"quay.io/b\"}}]}",
                        "default[0].signedIdentity.prefix: invalid prefix \"quay.io/a:t\": must not contain a tag or digest"),
                Arguments.of("remapIdentity prefix not fully expanded",
                        "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\",\"signedIdentity\":"
                                + "{\"type\":\"remapIdentity\",\"prefix\":\"quay.io/a\",\"signedPrefix\":\"library/busybox\"}}]}",
                        "must be in fully expanded form (docker.io/library/busybox)"),
                Arguments.of("remapIdentity without signedPrefix",
                        "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\",\"signedIdentity\":"
                                + "{\"type\":\"remapIdentity\",\"prefix\":\"quay.io/a\"}}]}",
                        "default[0].signedIdentity.signedPrefix: required key \"signedPrefix\" is missing"),
                Arguments.of("empty scope list",
                        "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker\":{\"quay.io\":[]}}}",
                        "transports.docker[\"quay.io\"]: list of verification policy requirements must not be empty"),
                Arguments.of("relative dir scope",
                        "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"dir\":{\"srv\":[{\"type\":\"reject\"}]}}}",
                        "invalid scope \"srv\": must be an absolute path"),
                Arguments.of("non-canonical oci scope",
                        "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"oci\":{\"/srv//x/\":[{\"type\":\"reject\"}]}}}",
                        "perhaps try /srv/x"),
                Arguments.of("docker-archive scope",
                        "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker-archive\":{\"/a\":[{\"type\":\"reject\"}]}}}",
                        "does not support any scopes"),
                Arguments.of("trailing data", "{\"default\":[{\"type\":\"reject\"}]} {}", "Trailing token"),
                Arguments.of("not JSON", "default: reject", "Unrecognized token"),
                Arguments.of("top level is an array", "[]", "expected a JSON object, found an array"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("malformed")
    void malformedPolicyIsRefusedNamingTheOffence(String what, String json, String expected) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(PolicyFormatException.class)
                .hasMessageStartingWith("test-policy.json: ")
                .hasMessageContaining(expected);
    }

    @Test
    void unknownTransportNamesAndAnyDockerScopeAreAccepted() throws Exception {
        SignaturePolicy p = parse("{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"mystery\":"
                + "{\"anything\":[{\"type\":\"reject\"}]},\"docker\":{\"*.example.com\":[{\"type\":\"reject\"}]}}}");
        assertThat(p.transports()).containsKeys("mystery", "docker");
    }

    @Test
    void loadNamesTheFileInErrors(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("policy.json");
        Files.writeString(f, "{\"default\":[{\"type\":\"reject\"}],\"bogus\":1}");
        assertThatThrownBy(() -> SignaturePolicy.load(f))
                .isInstanceOf(PolicyFormatException.class)
                .hasMessage(f + ": bogus: unknown key \"bogus\"")
                .satisfies(e -> assertThat(((PolicyFormatException) e).path()).isEqualTo("bogus"));
    }

    @Test
    void defaultPathPrefersTheUserFile(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        Path root = dir.resolve("root");
        assertThat(SignaturePolicy.defaultPath(home, root)).isEqualTo(root.resolve("etc/containers/policy.json"));
        Path user = home.resolve(".config/containers/policy.json");
        Files.createDirectories(user.getParent());
        Files.writeString(user, "{}");
        assertThat(SignaturePolicy.defaultPath(home, root)).isEqualTo(user);
    }

    @Test
    void requirementListsAreImmutable() throws Exception {
        SignaturePolicy p = parse("{\"default\":[{\"type\":\"reject\"}]}");
        List<PolicyRequirement> d = p.defaultRequirements();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.add(new PolicyRequirement.Reject()))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
