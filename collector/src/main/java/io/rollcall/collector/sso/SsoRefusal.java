package io.rollcall.collector.sso;

/** A sign-in refused for a reason the person may be told (shown on the refusal page and audited). */
public class SsoRefusal extends Exception {
    public SsoRefusal(String reason) {
        super(reason);
    }
}
