package io.rollcall.collector.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerNamesTest {

    @Test
    void dnsNamesAreLowerCasedAndIpAddressesNormalisedSoEqualSetsCompareEqual() {
        ServerNames a = ServerNames.of("Host", List.of("LocalHost", "::1", "127.0.0.1"), List.of("[::1]", "Lb.School.Example"));
        ServerNames b = ServerNames.of("Host", List.of("localhost", "0:0:0:0:0:0:0:1"), List.of("127.0.0.1", "lb.school.example"));

        assertEquals(a.allNames(), b.allNames());
        assertEquals(Set.of("localhost", "lb.school.example"), a.dnsNames());
    }

    @Test
    void extraNameThatIsNeitherDnsNorIpIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerNames.of("host", List.of("localhost"), List.of("bad name!")));
        assertTrue(e.getMessage().contains("'bad name!'"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ServerNames.of("host", List.of(), List.of("300.1.1.1")));
    }

    @Test
    void wildcardDnsNameIsAccepted() {
        assertEquals(Set.of("*.school.example"),
                ServerNames.of("host", List.of(), List.of("*.school.example")).dnsNames());
    }
}
