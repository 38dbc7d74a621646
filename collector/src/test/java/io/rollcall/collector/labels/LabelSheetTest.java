package io.rollcall.collector.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.oned.Code128Reader;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/**
 * The label sheet read back as a printer and a scanner would see it: each page rasterised at 300 dpi by PDFBox,
 * each label cut out at its place on the 3 × 7 grid, and both its QR code and its Code 128 decoded by ZXing to the
 * tag printed on it.
 */
class LabelSheetTest {
    static final float DPI = 300;

    @Test
    void everyCodeOnEverySheetDecodesBackToItsTag() throws Exception {
        List<LabelSheet.Label> labels = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            // tags of different lengths and characters that asset tags may hold
            String tag = i % 5 == 0 ? "SCI-LAPTOP-TROLLEY.A_" + i : "L" + String.format("%04d", i);
            labels.add(new LabelSheet.Label(tag, "Lenovo ThinkPad T14 Gen " + i, "Hill Top School"));
        }
        int skip = 2;
        byte[] pdf = LabelSheet.render(labels, skip);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            // 2 blank positions + 25 labels = 27: one full sheet of 21 and 6 on the second
            assertEquals(2, doc.getNumberOfPages());
            String text = new PDFTextStripper().getText(doc);
            for (LabelSheet.Label l : labels) {
                assertTrue(text.contains(l.tag()), "the tag is printed as text too: " + l.tag());
            }
            PDFRenderer renderer = new PDFRenderer(doc);
            BufferedImage[] pages = {renderer.renderImageWithDPI(0, DPI, ImageType.RGB),
                    renderer.renderImageWithDPI(1, DPI, ImageType.RGB)};
            // a look at the first sheet for people (target/screenshots/labels.png), as the browser tests leave theirs
            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "screenshots"));
            javax.imageio.ImageIO.write(renderer.renderImageWithDPI(0, 72, ImageType.RGB), "png",
                    java.nio.file.Path.of("target", "screenshots", "labels.png").toFile());
            for (int n = 0; n < labels.size(); n++) {
                int pos = n + skip;
                BufferedImage page = pages[pos / LabelSheet.PER_SHEET];
                float[] o = LabelSheet.origin(pos);
                String tag = labels.get(n).tag();
                // top part of the label: the QR code; bottom strip: the Code 128
                BufferedImage top = crop(page, o[0], o[1] + LabelSheet.LABEL_H - LabelSheet.PAD * 2 - LabelSheet.QR,
                        LabelSheet.QR + LabelSheet.PAD * 2, LabelSheet.QR + LabelSheet.PAD * 2);
                BufferedImage bottom = crop(page, o[0], o[1], LabelSheet.LABEL_W, LabelSheet.BAR_H + LabelSheet.PAD * 2);
                assertEquals(tag, new QRCodeReader().decode(bitmap(top),
                        Map.of(DecodeHintType.TRY_HARDER, true)).getText(), "QR at position " + pos);
                assertEquals(tag, new Code128Reader().decode(bitmap(bottom),
                        Map.of(DecodeHintType.TRY_HARDER, true, DecodeHintType.POSSIBLE_FORMATS,
                                List.of(BarcodeFormat.CODE_128))).getText(), "Code 128 at position " + pos);
            }
            // the skipped positions are blank: nothing to decode there
            float[] first = LabelSheet.origin(0);
            BufferedImage blank = crop(pages[0], first[0], first[1], LabelSheet.LABEL_W, LabelSheet.LABEL_H);
            assertThrows(com.google.zxing.NotFoundException.class, () -> new QRCodeReader().decode(bitmap(blank)));
        }
    }

    @Test
    void theGridFitsOnA4WithinThePrintableMargins() {
        float[] last = LabelSheet.origin(LabelSheet.PER_SHEET - 1);
        float a4w = 210 * LabelSheet.MM;
        assertTrue(last[0] + LabelSheet.LABEL_W < a4w - 5 * LabelSheet.MM, "right margin at least 5 mm");
        assertTrue(last[1] > 10 * LabelSheet.MM, "bottom margin at least 10 mm");
        assertEquals(LabelSheet.origin(0)[1], LabelSheet.origin(LabelSheet.PER_SHEET)[1], 0.001, "a new sheet starts at the top");
    }

    @Test
    void aTagThatCannotBeEncodedIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelSheet.render(List.of(new LabelSheet.Label("CAFÉ-€", null, null)), 0));
        assertTrue(e.getMessage().contains("CAFÉ-€"), e.getMessage());
    }

    /** Cuts out a box given in PDF points (origin bottom left) from a page rendered at {@link #DPI}. */
    private static BufferedImage crop(BufferedImage page, float x, float y, float w, float h) {
        float s = DPI / 72f;
        int px = Math.max(0, Math.round(x * s));
        int pw = Math.min(page.getWidth() - px, Math.round(w * s));
        int ph = Math.round(h * s);
        int py = Math.max(0, page.getHeight() - Math.round((y + h) * s));
        return page.getSubimage(px, py, pw, Math.min(ph, page.getHeight() - py));
    }

    private static BinaryBitmap bitmap(BufferedImage img) {
        int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        return new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(img.getWidth(), img.getHeight(), px)));
    }
}
