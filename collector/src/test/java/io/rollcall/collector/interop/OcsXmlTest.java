package io.rollcall.collector.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and ordinary bodies of {@code POST /ocsinventory}, decoded and parsed without a server. */
class OcsXmlTest {
    static final String PROLOG = "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<REQUEST>\n  <DEVICEID>pc-1</DEVICEID>\n"
            + "  <QUERY>PROLOG</QUERY>\n</REQUEST>\n";

    @Test
    void zlibGzipAndPlainBodiesReadTheSame() throws Exception {
        byte[] plain = PROLOG.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(plain, OcsXml.inflate(plain));
        assertArrayEquals(plain, OcsXml.inflate(OcsRoutes.zlib(plain)));
        assertArrayEquals(plain, OcsXml.inflate(gzip(plain)));
        XmlNode root = OcsXml.parse(OcsXml.inflate(OcsRoutes.zlib(plain)));
        assertEquals("REQUEST", root.name());
        assertEquals("PROLOG", root.value("QUERY"));
        assertEquals("pc-1", root.value("DEVICEID"));
    }

    @Test
    void billionLaughsIsRefusedAtItsDoctypeWithoutExpandingAnything() {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE REQUEST [\n<!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            x.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                x.append("&lol").append(i == 1 ? "" : Integer.toString(i - 1)).append(';');
            }
            x.append("\">\n");
        }
        x.append("]>\n<REQUEST><QUERY>&lol9;</QUERY></REQUEST>");
        OcsRefusal r = assertThrows(OcsRefusal.class, () -> OcsXml.parse(x.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, r.status());
        assertTrue(r.getMessage().contains("DOCTYPE"), r.getMessage());
    }

    @Test
    void externalEntityIsRefusedAndTheFileNeverRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "the-secret-content");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE REQUEST [ <!ENTITY xxe SYSTEM \"" + secret.toUri() + "\"> ]>\n"
                + "<REQUEST><DEVICEID>&xxe;</DEVICEID><QUERY>PROLOG</QUERY></REQUEST>";
        OcsRefusal r = assertThrows(OcsRefusal.class, () -> OcsXml.parse(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, r.status());
        assertFalse(r.getMessage().contains("the-secret-content"), r.getMessage());
    }

    @Test
    void undeclaredEntityWithoutDoctypeIsNotWellFormed() {
        String xml = "<REQUEST><DEVICEID>&xxe;</DEVICEID></REQUEST>";
        OcsRefusal r = assertThrows(OcsRefusal.class, () -> OcsXml.parse(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, r.status());
    }

    @Test
    void zipBombStopsAtTheInflatedLimit() throws Exception {
        // 64 MB of zeros compress to about 64 KB: small on the wire, twice the inflated limit
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(9))) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 64; i++) {
                z.write(zeros);
            }
        }
        byte[] bomb = out.toByteArray();
        assertTrue(bomb.length < OcsXml.MAX_BODY_BYTES, "the bomb is " + bomb.length + " bytes");
        OcsRefusal r = assertThrows(OcsRefusal.class, () -> OcsXml.inflate(bomb));
        assertEquals(413, r.status());
        assertTrue(r.getMessage().contains("inflates to more than"), r.getMessage());
        OcsRefusal g = assertThrows(OcsRefusal.class, () -> OcsXml.inflate(gzip(new byte[40 * 1024 * 1024])));
        assertEquals(413, g.status());
    }

    @Test
    void bodyOverTheWireLimitIsRefusedBeforeInflating() {
        OcsRefusal r = assertThrows(OcsRefusal.class, () -> OcsXml.inflate(new byte[OcsXml.MAX_BODY_BYTES + 1]));
        assertEquals(413, r.status());
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        String xml = "<A>".repeat(OcsXml.MAX_DEPTH + 1) + "</A>".repeat(OcsXml.MAX_DEPTH + 1);
        OcsRefusal r = assertThrows(OcsRefusal.class, () -> OcsXml.parse(xml.getBytes(StandardCharsets.UTF_8)));
        assertTrue(r.getMessage().contains("deeper than " + OcsXml.MAX_DEPTH), r.getMessage());
        String ok = "<A>".repeat(OcsXml.MAX_DEPTH) + "</A>".repeat(OcsXml.MAX_DEPTH);
        assertEquals("A", OcsXml.parse(ok.getBytes(StandardCharsets.UTF_8)).name());
    }

    @Test
    void moreElementsThanTheLimitAreRefused() {
        String xml = "<REQUEST>" + "<S/>".repeat(OcsXml.MAX_ELEMENTS) + "</REQUEST>";
        OcsRefusal r = assertThrows(OcsRefusal.class, () -> OcsXml.parse(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(413, r.status());
        assertTrue(r.getMessage().contains("more than " + OcsXml.MAX_ELEMENTS + " elements"), r.getMessage());
    }

    @Test
    void overlongTextIsRefusedButIndentationAroundManyChildrenIsNot() {
        String xml = "<REQUEST><NAME>" + "x".repeat(OcsXml.MAX_TEXT_CHARS + 1) + "</NAME></REQUEST>";
        assertEquals(413, assertThrows(OcsRefusal.class,
                () -> OcsXml.parse(xml.getBytes(StandardCharsets.UTF_8))).status());
        String indented = "<REQUEST>" + "\n        <S>1</S>".repeat(20_000) + "\n</REQUEST>";
        assertEquals(20_000, OcsXml.parse(indented.getBytes(StandardCharsets.UTF_8)).all("S").size());
    }

    @Test
    void truncatedZlibAndGarbageAreRefusedAsMalformed() {
        byte[] z = OcsRoutes.zlib(PROLOG.getBytes(StandardCharsets.UTF_8));
        byte[] cut = java.util.Arrays.copyOf(z, z.length / 2);
        assertEquals(400, assertThrows(OcsRefusal.class, () -> OcsXml.inflate(cut)).status());
        assertEquals(400, assertThrows(OcsRefusal.class,
                () -> OcsXml.parse("not xml at all".getBytes(StandardCharsets.UTF_8))).status());
    }

    static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(data);
        }
        return out.toByteArray();
    }
}
