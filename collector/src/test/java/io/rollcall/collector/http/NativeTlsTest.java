package io.rollcall.collector.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.net.OpenSSLEngineOptions;
import org.junit.jupiter.api.Test;

/**
 * The collector's TLS runs on BoringSSL (netty-tcnative): its natives ship for Linux, macOS and Windows on x86-64 and
 * arm64, so this holds wherever the suite runs. Should the dependency go or stop loading, ingest silently falls back
 * to the JDK's engine at about a sixth more CPU per report (BENCHMARKS.md): this says so instead.
 */
class NativeTlsTest {
    @Test
    void boringSslLoadsHere() {
        assertTrue(OpenSSLEngineOptions.isAvailable(),
                () -> "netty-tcnative did not load: " + io.netty.handler.ssl.OpenSsl.unavailabilityCause());
        assertTrue(HttpVerticle.nativeTls());
    }
}
