package io.rollcall.collector.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rollcall.common.report.Account;
import io.rollcall.common.report.Sections;
import io.rollcall.common.report.SoftwareItem;
import io.rollcall.common.report.SoftwareSource;
import io.rollcall.common.report.Tri;
import io.rollcall.common.wire.Hashes;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The captured FusionInventory 2.6 inventory of a Debian 12 machine, and small inventories, mapped to sections. */
class OcsMapperTest {
    static final String SALT = "ab".repeat(32);
    static final Instant NOW = Instant.parse("2026-12-06T07:00:00Z");
    static final ForeignAgent FUSION = ForeignAgent.of("FusionInventory-Agent_v2.6-3", null);

    static byte[] fixture() throws Exception {
        try (InputStream in = OcsMapperTest.class.getResourceAsStream("/interop/fusioninventory-2.6-debian12.xml")) {
            return in.readAllBytes();
        }
    }

    @Test
    void agentsAreNamedAsPeopleKnowThem() {
        assertEquals("FusionInventory 2.6", FUSION.label());
        assertEquals("not collected by FusionInventory 2.6", FUSION.notCollected());
        ForeignAgent ocs = ForeignAgent.of(null, "OCS-NG_unified_unix_agent_v2.10.0");
        assertEquals("OCS Inventory unix agent 2.10.0", ocs.label());
        assertEquals("OCS-NG_unified_unix_agent_v2.10.0", ocs.agentVersion());
    }

    @Test
    void capturedFusionInventoryMapsEveryPackageAndLeavesWhatItCannotSeeUnknownWithItsReason() throws Exception {
        XmlNode request = OcsXml.parse(fixture());
        Sections s = OcsMapper.sections(request, FUSION, SALT, NOW);
        assertEquals(887, s.software().size());
        assertTrue(s.software().stream().allMatch(i -> i.source() == SoftwareSource.DPKG));
        SoftwareItem adduser = s.software().stream().filter(i -> i.name().equals("adduser")).findFirst().orElseThrow();
        assertEquals("3.134", adduser.version());
        assertEquals("Debian", adduser.publisher());
        assertEquals("linux", s.os().family());
        assertEquals("12.11", s.os().version());
        assertEquals("vm", s.os().hostname());
        assertEquals(24105L * 1024 * 1024, s.hardware().memoryBytes());
        // the VM has no firmware UUID: its identity is the agent's DEVICEID
        assertEquals("agent-deviceid:vm-2026-12-06-04-01-11", s.hardware().hardwareUuid());
        assertNull(s.hardware().serialNumber());

        assertEquals(Tri.UNKNOWN, s.screenLock().effective().lockEnabled());
        assertEquals("not collected by FusionInventory 2.6", s.screenLock().effective().reason());
        assertEquals(Tri.NO, s.security().firewallEnabled(), "FusionInventory reported FIREWALL STATUS off");
        assertEquals(Tri.UNKNOWN, s.security().diskEncryption());
        assertEquals("not collected by FusionInventory 2.6", s.security().reasons().get("diskEncryption"));
        assertEquals("not collected by FusionInventory 2.6", s.security().reasons().get("antivirus"));
        assertTrue(s.removableMedia().connected().isEmpty());
    }

    @Test
    void accountNamesAreHashedAsRollcallsAgentHashesThemAndAdminsComeFromRootAndGroups() throws Exception {
        Sections s = OcsMapper.sections(OcsXml.parse(fixture()), FUSION, SALT, NOW);
        List<Account> users = s.accounts().users();
        assertTrue(users.stream().allMatch(a -> a.name() == null && !a.isSchoolAccount()));
        Account root = users.stream().filter(a -> a.nameHash().equals(Hashes.accountNameHash(SALT, "root")))
                .findFirst().orElseThrow();
        assertTrue(root.admin());
        assertEquals(Tri.UNKNOWN, root.passwordSet());
        assertEquals(Tri.UNKNOWN, s.accounts().guestEnabled());
        // daemon, bin, … are system accounts without a login shell: left out, as Rollcall's agent leaves them out
        assertFalse(users.stream().anyMatch(a -> a.nameHash().equals(Hashes.accountNameHash(SALT, "daemon"))));

        String xml = "<REQUEST><CONTENT>"
                + "<LOCAL_USERS><LOGIN>alice</LOGIN><ID>1001</ID><SHELL>/bin/bash</SHELL></LOCAL_USERS>"
                + "<LOCAL_USERS><LOGIN>bob</LOGIN><ID_USER>1002</ID_USER><GID>27</GID><SHELL>/bin/zsh</SHELL></LOCAL_USERS>"
                + "<LOCAL_USERS><LOGIN>carol</LOGIN><ID>1003</ID><SHELL>/bin/bash</SHELL></LOCAL_USERS>"
                + "<LOCAL_GROUPS><NAME>wheel</NAME><MEMBER>alice</MEMBER></LOCAL_GROUPS>"
                + "<LOCAL_GROUPS><NAME>sudo</NAME><ID_GROUP>27</ID_GROUP></LOCAL_GROUPS>"
                + "</CONTENT><DEVICEID>pc-1</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>";
        List<Account> three = OcsMapper.sections(OcsXml.parse(xml.getBytes(StandardCharsets.UTF_8)), FUSION, SALT, NOW)
                .accounts().users();
        assertEquals(3, three.size());
        assertTrue(admin(three, "alice"), "a member of wheel");
        assertTrue(admin(three, "bob"), "sudo is bob's primary group");
        assertFalse(admin(three, "carol"));
        assertTrue(three.stream().allMatch(Account::interactive));
    }

    private static boolean admin(List<Account> users, String login) {
        return users.stream().filter(a -> a.nameHash().equals(Hashes.accountNameHash(SALT, login))).findFirst()
                .orElseThrow().admin();
    }

    @Test
    void repeatsAreDroppedMultiArchKeepsBothAndTheOcsAgentsArchSuffixIsRemoved() {
        String xml = "<REQUEST><CONTENT>"
                + sw("libc6", "2.36", "amd64") + sw("libc6", "2.36", "i386") + sw("zlib1g:amd64", "1.2.13", "amd64")
                + sw("bash", "5.2", "amd64") + sw("bash", "5.2", "amd64")
                + "<SOFTWARES><NAME>old</NAME><VERSION>1</VERSION><FROM>deb</FROM><INSTALLDATE>01/02/1999</INSTALLDATE>"
                + "</SOFTWARES><SOFTWARES><NAME>new</NAME><FROM>rpm</FROM><INSTALLDATE>2025/04/20 10:00:00</INSTALLDATE>"
                + "</SOFTWARES></CONTENT><DEVICEID>pc-1</DEVICEID></REQUEST>";
        List<SoftwareItem> items = OcsMapper.sections(OcsXml.parse(xml.getBytes(StandardCharsets.UTF_8)), FUSION, SALT,
                NOW).software();
        Set<String> names = new HashSet<>();
        items.forEach(i -> names.add(i.name()));
        assertEquals(Set.of("libc6:amd64", "libc6:i386", "zlib1g", "bash", "old", "new"), names);
        SoftwareItem old = items.stream().filter(i -> i.name().equals("old")).findFirst().orElseThrow();
        assertNull(old.installedAt(), "before 2000 is left out, not sent as a date the contract refuses");
        SoftwareItem rpm = items.stream().filter(i -> i.name().equals("new")).findFirst().orElseThrow();
        assertEquals(SoftwareSource.RPM, rpm.source());
        assertEquals(Instant.parse("2025-04-20T10:00:00Z"), rpm.installedAt());
    }

    private static String sw(String name, String version, String arch) {
        return "<SOFTWARES><NAME>" + name + "</NAME><VERSION>" + version + "</VERSION><ARCH>" + arch
                + "</ARCH><FROM>deb</FROM></SOFTWARES>";
    }

    @Test
    void usbMassStorageIsRemovableMediaAndAFirmwarePlaceholderUuidIdentifiesNothing() {
        String xml = "<REQUEST><CONTENT><HARDWARE><UUID>00000000-0000-0000-0000-000000000000</UUID></HARDWARE>"
                + "<BIOS><SSN>To be filled by O.E.M.</SSN></BIOS>"
                + "<USBDEVICES><CLASS>8</CLASS><VENDORID>0781</VENDORID><PRODUCTID>5581</PRODUCTID><NAME>Ultra</NAME>"
                + "<SERIAL>4C530001</SERIAL></USBDEVICES>"
                + "<USBDEVICES><CLASS>3</CLASS><VENDORID>046D</VENDORID><PRODUCTID>C52B</PRODUCTID></USBDEVICES>"
                + "</CONTENT><DEVICEID>pc-1</DEVICEID></REQUEST>";
        XmlNode r = OcsXml.parse(xml.getBytes(StandardCharsets.UTF_8));
        OcsMapper.Identity id = OcsMapper.identity(r);
        assertNull(id.hardwareUuid());
        assertNull(id.serial());
        assertEquals("pc-1", id.agentDeviceId());
        var media = OcsMapper.sections(r, FUSION, SALT, NOW).removableMedia().connected();
        assertEquals(1, media.size(), "the keyboard receiver (class 3) is not media");
        assertEquals("0781", media.get(0).vendorId());
        assertEquals("4C530001", media.get(0).serial());
    }
}
