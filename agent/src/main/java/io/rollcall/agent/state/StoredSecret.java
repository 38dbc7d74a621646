package io.rollcall.agent.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How the device secret sits in {@code state.json}. A plain string is the secret itself (written by the plain
 * protector, or by any agent from before secrets were sealed); an object {@code {"protector": id, "sealed":
 * base64}} was sealed by the protector with that id. Works on the JSON tree so {@link AgentState} keeps holding
 * the secret in clear, in memory only.
 */
final class StoredSecret {
    static final String FIELD = "deviceSecret";
    static final String PROTECTOR = "protector";
    static final String SEALED = "sealed";

    private StoredSecret() {
    }

    /** Replaces the clear secret in {@code state} (the JSON of an {@link AgentState}) with its stored form. */
    static void seal(ObjectNode state, SecretProtector protector) throws IOException {
        JsonNode secret = state.get(FIELD);
        if (secret == null || !secret.isTextual() || !protector.seals()) {
            return;
        }
        byte[] sealed = protector.protect(secret.textValue().getBytes(StandardCharsets.UTF_8));
        ObjectNode stored = state.objectNode();
        stored.put(PROTECTOR, protector.id());
        stored.put(SEALED, Base64.getEncoder().encodeToString(sealed));
        state.set(FIELD, stored);
    }

    /** Puts the clear secret back into {@code state}; fails, naming the protector, when it cannot be opened here. */
    static void unseal(ObjectNode state, SecretProtector protector) throws IOException {
        JsonNode stored = state.get(FIELD);
        if (stored == null || !stored.isObject()) {
            return; // absent (not enrolled), null, or a plain string: already the clear secret
        }
        String id = stored.path(PROTECTOR).asText("");
        JsonNode sealed = stored.get(SEALED);
        if (!id.equals(protector.id()) || sealed == null || !sealed.isTextual()) {
            throw new IOException(String.format("the device secret was sealed by '%s', which this system (protector "
                    + "'%s') cannot open", id, protector.id()));
        }
        byte[] clear;
        try {
            clear = protector.unprotect(Base64.getDecoder().decode(sealed.textValue()));
        } catch (IllegalArgumentException e) {
            throw new IOException("the sealed device secret is not base64", e);
        }
        state.put(FIELD, new String(clear, StandardCharsets.UTF_8));
    }
}
