package io.rollcall.agent;

/** The agent's version as the jar manifest states it; {@code "dev"} when run from classes (tests, IDE). */
public final class AgentVersion {
    private AgentVersion() {
    }

    public static String current() {
        String v = AgentVersion.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }
}
