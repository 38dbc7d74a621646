package io.rollcall.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.rollcall.common.report.MediaAction;
import io.rollcall.common.report.MediaDevice;
import io.rollcall.common.report.MediaEvent;
import io.rollcall.common.report.MediaKind;
import io.rollcall.common.report.Tri;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MediaJsonTest {
    private static final MediaDevice STICK = new MediaDevice(MediaKind.USB_STORAGE, "0781", "5583", "SanDisk",
            "Ultra Fit \u00e9\u4e2d", "4C530001", 61_530_439_680L, "vfat", Tri.NO);
    private static final MediaDevice BARE = new MediaDevice(MediaKind.MTP, null, null, null, null, null, null, null,
            Tri.UNKNOWN);
    private static final MediaDevice CARD = new MediaDevice(MediaKind.SD_CARD, "05ac", "8406", null, "SD", "", 0L,
            null, Tri.YES);

    @Test
    void devicesReadBackAsTheMapperReadsThemAndTheMapperReadsOurs() throws IOException {
        List<MediaDevice> devices = List.of(STICK, BARE, CARD);
        byte[] ours = MediaJson.devices(devices);
        assertEquals(devices, MediaJson.readDevices(ours));
        assertEquals(devices, WireJson.mapper().readValue(ours, new TypeReference<List<MediaDevice>>() { }));
        // a baseline an older agent wrote with the mapper still reads
        assertEquals(devices, MediaJson.readDevices(WireJson.mapper().writeValueAsBytes(devices)));
        assertEquals(List.of(), MediaJson.readDevices("[]".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eventsAreOneLineEachAndAgreeWithTheMapper() throws IOException {
        MediaEvent in = new MediaEvent(Instant.parse("2026-12-06T07:01:02.123456789Z"), MediaAction.CONNECTED, STICK);
        MediaEvent out = new MediaEvent(Instant.parse("2026-12-06T08:00:00Z"), MediaAction.DISCONNECTED, BARE);
        for (MediaEvent e : List.of(in, out)) {
            String line = MediaJson.event(e);
            assertTrue(!line.contains("\n"), line);
            assertEquals(e, MediaJson.readEvent(line));
            assertEquals(e, WireJson.mapper().readValue(line, MediaEvent.class));
            assertEquals(e, MediaJson.readEvent(WireJson.mapper().writeValueAsString(e)));
        }
    }

    @Test
    void unknownFieldsAndNullsAreSkippedAsTheMapperSkippedThem() throws IOException {
        String line = "{\"at\":\"2026-01-01T00:00:00Z\",\"future\":{\"a\":[1,2]},\"action\":\"connected\","
                + "\"device\":{\"kind\":\"optical\",\"serial\":null,\"extra\":true,\"encrypted\":\"unknown\"}}";
        assertEquals(new MediaEvent(Instant.parse("2026-01-01T00:00:00Z"), MediaAction.CONNECTED,
                new MediaDevice(MediaKind.OPTICAL, null, null, null, null, null, null, null, Tri.UNKNOWN)),
                MediaJson.readEvent(line));
    }

    @Test
    void wrongShapesAreErrorsNamingTheFieldNeverAHalfReadValue() {
        String[] bad = {
            "{\"at\":\"yesterday\",\"action\":\"connected\"}",
            "{\"at\":\"2026-01-01T00:00:00Z\",\"action\":\"plugged\"}",
            "{\"action\":\"connected\",\"device\":{\"capacityBytes\":\"big\"}}",
            "{\"action\":\"connected\",\"device\":{\"encrypted\":\"maybe\"}}",
            "{\"action\":\"connected\",\"device\":{\"vendor\":7}}",
            "{\"action\":\"connected\"} {}",
            "[]",
            "{\"action\":\"conn",
        };
        for (String s : bad) {
            IOException e = assertThrows(IOException.class, () -> MediaJson.readEvent(s), s);
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), s);
        }
        IOException e = assertThrows(IOException.class,
                () -> MediaJson.readDevices("{\"kind\":\"mtp\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("a list of media"), e.getMessage());
        e = assertThrows(IOException.class, () -> MediaJson.readEvent("{\"device\":{\"vendor\":7}}"));
        assertTrue(e.getMessage().contains("'vendor'"), e.getMessage());
    }
}
