package io.rollcall.agent.os.windows;

import java.util.List;

/** The user hives loaded under HKU: one per logged-on (or service-loaded) account, named by its SID. */
public final class UserHives {
    private UserHives() {
    }

    /**
     * SIDs of real users' hives: S-1-5-21-… (local and domain accounts) and S-1-12-1-… (Microsoft Entra), without the
     * "_Classes" companions, .DEFAULT and the service accounts S-1-5-18/19/20.
     */
    public static List<String> userSids(Registry registry) {
        return registry.subKeys("HKU").stream()
                .filter(s -> (s.startsWith("S-1-5-21-") || s.startsWith("S-1-12-1-")) && !s.endsWith("_Classes"))
                .toList();
    }
}
