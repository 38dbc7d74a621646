package io.rollcall.collector.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names a server certificate is issued for: a common name plus the DNS names and IP addresses
 * that go into its subjectAltName. DNS names are lower-cased and IP addresses normalised (so
 * {@code ::1} and {@code 0:0:0:0:0:0:0:1} are the same), which makes two instances comparable to
 * decide whether an existing certificate still covers the configured names.
 *
 * @param commonName the certificate subject CN: this host's name
 * @param dnsNames   normalised DNS names, sorted
 * @param ipAddresses normalised IP literals, sorted
 */
public record ServerNames(String commonName, SortedSet<String> dnsNames, SortedSet<String> ipAddresses) {

    private static final Logger LOG = LoggerFactory.getLogger(ServerNames.class);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*]?");
    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    public ServerNames {
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("commonName was blank, must name this host");
        }
        dnsNames = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(dnsNames));
        ipAddresses = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(ipAddresses));
    }

    /**
     * Names for this machine: localhost, 127.0.0.1, ::1, the host name, its canonical name when
     * different, plus {@code extraNames} (each a DNS name or an IP literal, e.g. a load balancer's
     * name). Never does a DNS lookup for an IP literal; an unresolvable host falls back to
     * "localhost" with a warning rather than failing start-up.
     *
     * @throws IllegalArgumentException when an extra name is neither a valid DNS name nor an IP literal
     */
    public static ServerNames forThisHost(Collection<String> extraNames) {
        String hostName = "localhost";
        String canonical = null;
        try {
            InetAddress local = InetAddress.getLocalHost();
            hostName = local.getHostName();
            canonical = local.getCanonicalHostName();
        } catch (UnknownHostException e) {
            LOG.warn("Cannot resolve this host's name ({}); the server certificate covers localhost only "
                    + "unless extra names are configured", e.getMessage());
        }
        List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
        for (String systemName : new String[] {hostName, canonical}) {
            if (systemName != null && (isIpLiteral(systemName) || isDnsName(systemName))) {
                names.add(systemName);
            } else if (systemName != null) {
                LOG.warn("Host name '{}' is not a valid DNS name; left out of the server certificate", systemName);
            }
        }
        String commonName = isDnsName(hostName) ? hostName.toLowerCase(Locale.ROOT) : "localhost";
        return of(commonName, names, extraNames);
    }

    /**
     * Names from explicit lists (tests, or a configured host name).
     *
     * @throws IllegalArgumentException naming the first entry that is neither a DNS name nor an IP literal
     */
    public static ServerNames of(String commonName, Collection<String> names, Collection<String> extraNames) {
        SortedSet<String> dns = new TreeSet<>();
        SortedSet<String> ips = new TreeSet<>();
        List<String> all = new ArrayList<>(names);
        all.addAll(extraNames);
        for (String raw : all) {
            String name = raw.trim();
            if (isIpLiteral(name)) {
                ips.add(normaliseIp(name));
            } else if (isDnsName(name)) {
                dns.add(name.toLowerCase(Locale.ROOT));
            } else {
                throw new IllegalArgumentException(
                        "server name '" + raw + "' is neither a DNS name nor an IP address");
            }
        }
        return new ServerNames(commonName, dns, ips);
    }

    /** Every subjectAltName entry, DNS names then IPs, as they are compared against a certificate. */
    public Set<String> allNames() {
        SortedSet<String> all = new TreeSet<>(dnsNames);
        all.addAll(ipAddresses);
        return all;
    }

    static boolean isIpLiteral(String name) {
        if (IPV4.matcher(name).matches()) {
            for (String octet : name.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return true;
        }
        return IPV6.matcher(name).matches();
    }

    static boolean isDnsName(String name) {
        // An all-numeric last label would make "300.1.1.1" a host name; RFC 3696 rules such TLDs out.
        String lastLabel = name.substring(name.lastIndexOf('.') + 1);
        return name.length() <= 253 && !lastLabel.chars().allMatch(Character::isDigit)
                && DNS_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    /** Canonical text of an IP literal; getByName does not touch DNS for a literal. */
    static String normaliseIp(String literal) {
        String bare = literal.startsWith("[") && literal.endsWith("]")
                ? literal.substring(1, literal.length() - 1) : literal;
        try {
            return InetAddress.getByName(bare).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("IP address '" + literal + "' is malformed", e);
        }
    }
}
