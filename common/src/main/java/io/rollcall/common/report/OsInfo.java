package io.rollcall.common.report;

/**
 * The operating system.
 *
 * @param family   {@code linux}, {@code windows} or {@code macos}
 * @param name     the distribution or product name, e.g. "Debian GNU/Linux"
 * @param version  the version as the vendor writes it, e.g. "12 (bookworm)", "11 23H2", "14.5"
 * @param build    build or kernel release, e.g. "6.1.0-18-amd64", "22631.3447"
 * @param arch     machine architecture, e.g. "x86_64", "aarch64"
 * @param hostname the host name at the time of collection
 */
public record OsInfo(String family, String name, String version, String build, String arch, String hostname) {
}
