package io.rollcall.agent.state;

/**
 * How the secrets sit in {@code state.json}: the device secret, the enrolment token kept for re-enrolment and the
 * secret of a re-enrolment waiting for approval ({@code pending.deviceSecret}). A plain string is the secret itself
 * (written by the plain protector, or by any agent from before secrets were sealed); an object
 * {@code {"protector": id, "sealed": base64}} was sealed by the protector with that id. {@link StateJson} seals and
 * opens them while writing and reading, so {@link AgentState} keeps holding the secrets in clear, in memory only.
 */
final class StoredSecret {
    static final String FIELD = "deviceSecret";
    static final String TOKEN_FIELD = "enrollToken";
    static final String PENDING = "pending";
    static final String PROTECTOR = "protector";
    static final String SEALED = "sealed";

    private StoredSecret() {
    }
}
