package io.rollcall.agent.probe.software;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DistributionsTest {

    @Test
    void debianAndUbuntuDomainsAndTheirSubdomainsNameTheDistribution() {
        assertEquals(Optional.of("Debian"), Distributions.ofAddress("Debian QA Group <packages@qa.debian.org>"));
        assertEquals(Optional.of("Debian"), Distributions.ofAddress("X <team+foo@tracker.debian.org>"));
        assertEquals(Optional.of("Debian"), Distributions.ofAddress("X <pkg@ALIOTH-LISTS.DEBIAN.NET>"));
        assertEquals(Optional.of("Ubuntu"), Distributions.ofAddress("Ubuntu <ubuntu-devel-discuss@lists.ubuntu.com>"));
        assertEquals(Optional.of("Ubuntu"), Distributions.ofAddress("Someone <someone@canonical.com>"));
    }

    @Test
    void lookAlikeDomainsAndTheRestOfDebianNetDoNotCount() {
        assertEquals(Optional.empty(), Distributions.ofAddress("Evil <x@notdebian.org>"));
        assertEquals(Optional.empty(), Distributions.ofAddress("Evil <x@debian.org.example.com>"));
        assertEquals(Optional.empty(), Distributions.ofAddress("Someone <x@people.debian.net>"));
        assertEquals(Optional.empty(), Distributions.ofAddress("Valve <linux@steampowered.com>"));
        assertEquals(Optional.empty(), Distributions.ofAddress("No address at all"));
        assertEquals(Optional.empty(), Distributions.ofAddress(null));
    }

    @Test
    void theMaintainersOwnDistributionWinsOverTheOriginalMaintainers() {
        assertEquals(Optional.of("Ubuntu"), Distributions.ofDpkg(
                "Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>",
                "Debian GNOME Maintainers <pkg-gnome-maintainers@lists.alioth.debian.org>"));
        assertEquals(Optional.of("Debian"), Distributions.ofDpkg("Pop OS <info@system76.com>",
                "Debian GNOME Maintainers <pkg-gnome-maintainers@lists.alioth.debian.org>"));
        assertEquals(Optional.empty(), Distributions.ofDpkg("Pop OS <info@system76.com>", null));
    }

    @Test
    void theDomainIsTakenFromTheLastAddressAndAUrlIsNone() {
        assertEquals("debian.org", Distributions.domain("A <b@c.org> via <d@debian.org>"));
        assertNull(Distributions.domain("Google Cloud CLI Authors <https://code.google.com/p/google-cloud-sdk/>"));
        assertNull(Distributions.domain("Broken <user@>"));
    }
}
