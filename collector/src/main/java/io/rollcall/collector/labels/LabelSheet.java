package io.rollcall.collector.labels;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code128Writer;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Asset labels as a PDF for A4 sheets of 3 × 7 labels, 63.5 × 38.1 mm (the common "21 per sheet" layout, e.g.
 * Avery L7160): each label carries the tag as text, as a QR code (phones, 2D scanners) and as Code 128 (the 1D
 * USB scanners most desks have). Codes are drawn as vector rectangles from ZXing's bit matrices, so they print
 * sharp at any resolution. Pure: labels in, bytes out.
 */
public final class LabelSheet {
    /** One label: the tag (encoded) and up to two short lines of text under it. */
    public record Label(String tag, String line1, String line2) {
    }

    static final float MM = 72f / 25.4f;
    public static final int COLUMNS = 3;
    public static final int ROWS = 7;
    public static final int PER_SHEET = COLUMNS * ROWS;
    static final float LABEL_W = 63.5f * MM;
    static final float LABEL_H = 38.1f * MM;
    static final float PITCH_X = 66.04f * MM;
    static final float LEFT = 7.21f * MM;
    static final float TOP = 15.15f * MM;
    static final float PAD = 2.5f * MM;
    static final float QR = 21f * MM;
    static final float BAR_H = 8.5f * MM;

    private LabelSheet() {
    }

    /** The lower-left corner of label position {@code i} (0-based, row by row) on its page, in points. */
    static float[] origin(int i) {
        int cell = i % PER_SHEET;
        float x = LEFT + (cell % COLUMNS) * PITCH_X;
        float yTop = PDRectangle.A4.getHeight() - TOP - (cell / COLUMNS) * LABEL_H;
        return new float[] {x, yTop - LABEL_H};
    }

    /**
     * @param skip label positions to leave blank on the first sheet, so a partly used sheet can go through again
     */
    public static byte[] render(List<Label> labels, int skip) {
        PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPageContentStream cs = null;
            try {
                for (int n = 0; n < labels.size(); n++) {
                    int pos = n + skip;
                    if (cs == null || pos % PER_SHEET == 0) {
                        if (cs != null) {
                            cs.close();
                        }
                        PDPage page = new PDPage(PDRectangle.A4);
                        doc.addPage(page);
                        cs = new PDPageContentStream(doc, page);
                    }
                    draw(cs, labels.get(n), origin(pos), regular, bold);
                }
            } finally {
                if (cs != null) {
                    cs.close();
                }
            }
            if (doc.getNumberOfPages() == 0) {
                doc.addPage(new PDPage(PDRectangle.A4));
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("label sheet could not be written", e);
        }
    }

    private static void draw(PDPageContentStream cs, Label l, float[] o, PDType1Font regular, PDType1Font bold)
            throws IOException {
        float x = o[0] + PAD;
        float top = o[1] + LABEL_H - PAD;
        // QR at the top left
        BitMatrix qr = encode(l.tag(), BarcodeFormat.QR_CODE);
        fill(cs, qr, x, top - QR, QR, QR);
        // the tag in large type beside it, the two lines under it
        float tx = x + QR + 2f * MM;
        float textW = LABEL_W - 2 * PAD - QR - 2f * MM;
        cs.beginText();
        cs.setFont(bold, fit(bold, printable(l.tag()), 13, textW));
        cs.newLineAtOffset(tx, top - 13);
        cs.showText(printable(l.tag()));
        cs.endText();
        float y = top - 13 - 11;
        for (String line : new String[] {l.line1(), l.line2()}) {
            if (line == null || line.isBlank()) {
                continue;
            }
            String t = clip(regular, printable(line), 7, textW);
            cs.beginText();
            cs.setFont(regular, 7);
            cs.newLineAtOffset(tx, y);
            cs.showText(t);
            cs.endText();
            y -= 9;
        }
        // Code 128 across the bottom, its quiet zones inside the label
        BitMatrix bars = encode(l.tag(), BarcodeFormat.CODE_128);
        fill(cs, bars, x, o[1] + PAD, LABEL_W - 2 * PAD, BAR_H);
    }

    private static BitMatrix encode(String tag, BarcodeFormat f) {
        try {
            if (f == BarcodeFormat.QR_CODE) {
                return new QRCodeWriter().encode(tag, f, 0, 0, Map.of(EncodeHintType.ERROR_CORRECTION,
                        ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 1, EncodeHintType.CHARACTER_SET, "UTF-8"));
            }
            // margin 10 modules: the quiet zone Code 128 needs on each side
            return new Code128Writer().encode(tag, f, 0, 1, Map.of(EncodeHintType.MARGIN, 10));
        } catch (WriterException | IllegalArgumentException e) {
            throw new IllegalArgumentException("tag '" + tag + "' cannot be encoded as " + f + ": " + e.getMessage(), e);
        }
    }

    /** Draws the dark modules of {@code m} scaled into the box, one rectangle per horizontal run. */
    private static void fill(PDPageContentStream cs, BitMatrix m, float x, float y, float w, float h) throws IOException {
        float mw = w / m.getWidth();
        float mh = h / m.getHeight();
        for (int row = 0; row < m.getHeight(); row++) {
            int col = 0;
            while (col < m.getWidth()) {
                if (!m.get(col, row)) {
                    col++;
                    continue;
                }
                int start = col;
                while (col < m.getWidth() && m.get(col, row)) {
                    col++;
                }
                cs.addRect(x + start * mw, y + h - (row + 1) * mh, (col - start) * mw, mh);
            }
        }
        cs.fill();
    }

    private static float fit(PDType1Font font, String s, float size, float width) throws IOException {
        float w = font.getStringWidth(s) / 1000 * size;
        return w <= width ? size : Math.max(6, size * width / w);
    }

    private static String clip(PDType1Font font, String s, float size, float width) throws IOException {
        String t = s;
        while (!t.isEmpty() && font.getStringWidth(t) / 1000 * size > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    /** Keeps what the standard fonts (WinAnsiEncoding) can show; anything else becomes '?'. */
    static String printable(String s) {
        java.nio.charset.CharsetEncoder enc = java.nio.charset.Charset.forName("windows-1252").newEncoder();
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            b.append(cp >= 32 && enc.canEncode(ch) ? ch : "?");
        });
        return b.toString();
    }
}
