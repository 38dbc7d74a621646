package io.rollcall.agent.transport;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** The two ways the agent trusts a collector: pinned by fingerprint while enrolling, by the saved CA afterwards. */
public final class TlsContexts {
    private TlsContexts() {
    }

    /** For enrolment: trusts a server whose chain holds the pinned CA (see {@link PinningTrustManager}). */
    public static SSLContext pinned(PinningTrustManager trustManager) {
        return context(trustManager);
    }

    /** After enrolment: trusts only certificates issued by {@code ca}, with normal PKIX and host name checks. */
    public static SSLContext trustingOnly(X509Certificate ca) {
        try {
            return context(PinningTrustManager.pkixTrusting(ca));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static SSLContext context(TrustManager tm) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{tm}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot create a TLS context: " + e.getMessage(), e);
        }
    }
}
