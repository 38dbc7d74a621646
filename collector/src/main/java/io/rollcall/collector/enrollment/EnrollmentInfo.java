package io.rollcall.collector.enrollment;

import java.util.List;
import java.util.Map;

/**
 * What a technician needs to deploy the agent: where the collector is, the CA fingerprint agents pin, the enrolment
 * token when the collector still knows it, the installers it can hand out, and per platform the exact silent
 * install command with those values filled in.
 *
 * @param enrollToken       {@code null} when neither {@code first-run.json} nor the environment still holds it
 * @param enrollTokenSource {@code first-run.json}, {@code environment}, or {@code null}
 * @param commands          platform ({@code windows}, {@code debian}, {@code macos}, {@code manual}) → command line;
 *                          {@code <enrolment token>} stands in for an unknown token
 */
public record EnrollmentInfo(String collectorUrl, String caFingerprint, String enrollToken, String enrollTokenSource,
                             List<Installer> installers, Map<String, String> commands) {

    /** A built installer the collector serves from its installers directory. */
    public record Installer(String platform, String file, long sizeBytes, String downloadPath) {
    }
}
