package io.rollcall.agent.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * How the secrets sit in {@code state.json}: the device secret, the enrolment token kept for re-enrolment and the
 * secret of a re-enrolment waiting for approval ({@code pending.deviceSecret}). A plain string is the secret itself
 * (written by the plain protector, or by any agent from before secrets were sealed); an object
 * {@code {"protector": id, "sealed": base64}} was sealed by the protector with that id. Works on the JSON tree so
 * {@link AgentState} keeps holding the secrets in clear, in memory only.
 */
final class StoredSecret {
    static final String FIELD = "deviceSecret";
    static final String TOKEN_FIELD = "enrollToken";
    static final String PENDING = "pending";
    static final String PROTECTOR = "protector";
    static final String SEALED = "sealed";

    private StoredSecret() {
    }

    /** A secret field inside an object of the state tree. */
    private record Slot(ObjectNode holder, String field) {
    }

    private static List<Slot> slots(ObjectNode state) {
        List<Slot> slots = new ArrayList<>(List.of(new Slot(state, FIELD), new Slot(state, TOKEN_FIELD)));
        if (state.get(PENDING) instanceof ObjectNode pending) {
            slots.add(new Slot(pending, FIELD));
        }
        return slots;
    }

    /** Replaces each clear secret in {@code state} (the JSON of an {@link AgentState}) with its stored form. */
    static void seal(ObjectNode state, SecretProtector protector) throws IOException {
        if (!protector.seals()) {
            return;
        }
        for (Slot slot : slots(state)) {
            JsonNode secret = slot.holder().get(slot.field());
            if (secret == null || !secret.isTextual()) {
                continue;
            }
            byte[] sealed = protector.protect(secret.textValue().getBytes(StandardCharsets.UTF_8));
            ObjectNode stored = state.objectNode();
            stored.put(PROTECTOR, protector.id());
            stored.put(SEALED, Base64.getEncoder().encodeToString(sealed));
            slot.holder().set(slot.field(), stored);
        }
    }

    /** Puts the clear secrets back into {@code state}; fails, naming the protector, when one cannot be opened here. */
    static void unseal(ObjectNode state, SecretProtector protector) throws IOException {
        for (Slot slot : slots(state)) {
            JsonNode stored = slot.holder().get(slot.field());
            if (stored == null || !stored.isObject()) {
                continue; // absent, null, or a plain string: already the clear secret
            }
            String id = stored.path(PROTECTOR).asText("");
            JsonNode sealed = stored.get(SEALED);
            if (!id.equals(protector.id()) || sealed == null || !sealed.isTextual()) {
                throw new IOException(String.format("the %s was sealed by '%s', which this system (protector "
                        + "'%s') cannot open", slot.field(), id, protector.id()));
            }
            byte[] clear;
            try {
                clear = protector.unprotect(Base64.getDecoder().decode(sealed.textValue()));
            } catch (IllegalArgumentException e) {
                throw new IOException("the sealed " + slot.field() + " is not base64", e);
            }
            slot.holder().put(slot.field(), new String(clear, StandardCharsets.UTF_8));
        }
    }
}
