package io.bootc4j.oci.signature.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootc4j.oci.signature.PolicyVerdict;
import io.bootc4j.oci.signature.RequirementOutcome;
import io.bootc4j.oci.signature.SignatureOutcome;
import java.io.UncheckedIOException;

/** Writes a {@link PolicyVerdict} as pretty-printed JSON (the {@code image verify} output). */
public final class VerdictJson {

    private static final JsonMapper MAPPER = new JsonMapper();

    private VerdictJson() {}

    public static String write(PolicyVerdict v) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("image", v.image());
        v.manifestDigest().ifPresentOrElse(d -> root.put("manifestDigest", d.toString()), () -> root.putNull("manifestDigest"));
        root.put("policy", v.policySource());
        root.put("scope", v.scope());
        root.put("accepted", v.accepted());
        ArrayNode reqs = root.putArray("requirements");
        for (RequirementOutcome r : v.requirements()) {
            ObjectNode o = reqs.addObject();
            o.put("type", r.requirement().type());
            o.put("requirement", r.requirement().toString());
            o.put("accepted", r.accepted());
            o.put("reason", r.reason());
            ArrayNode sigs = o.putArray("signatures");
            for (SignatureOutcome s : r.signatures()) {
                ObjectNode so = sigs.addObject();
                so.put("origin", s.origin());
                so.put("format", s.format());
                so.put("accepted", s.accepted());
                so.put("reason", s.reason());
                s.signer().ifPresent(x -> so.put("signer", x));
                s.signedIdentity().ifPresent(x -> so.put("signedIdentity", x));
            }
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
