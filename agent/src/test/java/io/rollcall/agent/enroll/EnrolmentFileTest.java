package io.rollcall.agent.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrolmentFileTest {
    /** What the .msi's IniFile rows make (WritePrivateProfileString: a section, CRLF). */
    private static final String MSI_WRITTEN = "[Enrolment]\r\ncollector.url=https://rollcall.school.example:8443\r\n"
            + "enroll.token=rc_enroll_abc\r\nca.fingerprint=SHA256:0A:1B\r\n";

    @Test
    void readsTheIniTheMsiWrites() {
        assertEquals(Optional.of(new EnrolmentFile.Settings("https://rollcall.school.example:8443", "rc_enroll_abc",
                "SHA256:0A:1B")), EnrolmentFile.parse(MSI_WRITTEN));
    }

    @Test
    void aMissingOrBlankValueMeansNoSettings() {
        assertEquals(Optional.empty(), EnrolmentFile.parse("collector.url=https://x\nca.fingerprint=ab\n"));
        assertEquals(Optional.empty(), EnrolmentFile.parse("collector.url=https://x\nenroll.token=  \nca.fingerprint=ab\n"));
        assertEquals(Optional.empty(), EnrolmentFile.parse("# enroll.token=t\ncollector.url=https://x\nca.fingerprint=ab\n"));
    }

    @Test
    void lastValueWinsAndSpacesAreTrimmed() {
        var s = EnrolmentFile.parse(" collector.url = https://a \nenroll.token=old\nenroll.token= new \nca.fingerprint=f\n").orElseThrow();
        assertEquals("https://a", s.url());
        assertEquals("new", s.token());
    }

    @Test
    void theTokenIsNeverInToString() {
        assertFalse(EnrolmentFile.parse(MSI_WRITTEN).orElseThrow().toString().contains("rc_enroll_abc"));
    }

    @Test
    void forgettingTheTokenKeepsTheRestAndTheFilePrivate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(EnrolmentFile.FILE_NAME);
        Files.writeString(file, MSI_WRITTEN);
        assertTrue(EnrolmentFile.forgetToken(dir));
        String left = Files.readString(file);
        assertFalse(left.contains("rc_enroll_abc"), left);
        assertTrue(left.contains("collector.url=https://rollcall.school.example:8443"), left);
        assertTrue(left.contains("[Enrolment]"), left);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(Optional.empty(), EnrolmentFile.load(dir));
        assertFalse(EnrolmentFile.forgetToken(dir), "nothing left to forget");
    }

    @Test
    void readsUtf16WithBom(@TempDir Path dir) throws Exception {
        byte[] text = MSI_WRITTEN.getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[text.length + 2];
        bytes[0] = (byte) 0xff;
        bytes[1] = (byte) 0xfe;
        System.arraycopy(text, 0, bytes, 2, text.length);
        Files.write(dir.resolve(EnrolmentFile.FILE_NAME), bytes);
        assertEquals("rc_enroll_abc", EnrolmentFile.load(dir).orElseThrow().token());
    }

    @Test
    void theInstallersConfigFileGivesWhateverItSetsAndEnrollTokenIsTheSameKey() throws Exception {
        assertEquals(java.util.Map.of(EnrolmentFile.TOKEN, "rc_enroll_a", EnrolmentFile.URL, "https://c:8443"),
                EnrolmentFile.values("# installer\ncollector.url=https://c:8443\nenrollToken = rc_enroll_a\n"
                        + "school.account.pattern=^x$\nca.fingerprint=\n"));
        assertFalse(EnrolmentFile.withoutToken("enrollToken=rc_enroll_a\nx=1\n").contains("rc_enroll_a"));
    }

    @Test
    void aSettingsFileThatIsNotASmallRegularFileIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("agent.properties");
        Files.write(big, new byte[(int) EnrolmentFile.MAX_BYTES + 1]);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> EnrolmentFile.loadValues(big));
        assertTrue(e.getMessage().contains(big.toString()), e.getMessage());
        java.io.IOException d = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> EnrolmentFile.loadValues(dir));
        assertTrue(d.getMessage().contains("not a file"), d.getMessage());
    }
}
