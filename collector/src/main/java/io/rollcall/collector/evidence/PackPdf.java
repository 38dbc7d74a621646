package io.rollcall.collector.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** The termly pack as an A4 PDF for governors (PDFBox, standard fonts), from the same {@link PackText} lines as the page. */
public final class PackPdf {
    private static final float MARGIN = 50;
    private static final float SIZE = 10;

    private PackPdf() {
    }

    public static byte[] write(TermlyPack.Pack pack, String school) {
        List<PackText.Line> lines = PackText.lines(pack, school);
        PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDRectangle box = PDRectangle.A4;
            float width = box.getWidth() - 2 * MARGIN;
            PDPageContentStream cs = null;
            float y = 0;
            try {
                for (PackText.Line line : lines) {
                    PDType1Font font = line.heading() > 0 ? bold : regular;
                    float size = line.heading() == 1 ? 16 : line.heading() == 2 ? 12 : SIZE;
                    if (line.heading() > 0) {
                        y -= 6;
                    }
                    for (String row : wrap(printable(line.text()), font, size, width - line.indent())) {
                        if (cs == null || y < MARGIN) {
                            if (cs != null) {
                                cs.close();
                            }
                            PDPage page = new PDPage(box);
                            doc.addPage(page);
                            cs = new PDPageContentStream(doc, page);
                            y = box.getHeight() - MARGIN;
                        }
                        cs.beginText();
                        cs.setFont(font, size);
                        cs.newLineAtOffset(MARGIN + line.indent(), y);
                        cs.showText(row);
                        cs.endText();
                        y -= size * 1.4f;
                    }
                }
            } finally {
                if (cs != null) {
                    cs.close();
                }
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the termly pack could not be written", e);
        }
    }

    private static List<String> wrap(String text, PDType1Font font, float size, float width) throws IOException {
        List<String> rows = new ArrayList<>();
        StringBuilder row = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = row.isEmpty() ? word : row + " " + word;
            if (font.getStringWidth(candidate) / 1000 * size <= width || row.isEmpty()) {
                row.setLength(0);
                row.append(candidate);
            } else {
                rows.add(row.toString());
                row.setLength(0);
                row.append(word);
            }
        }
        rows.add(row.toString());
        return rows;
    }

    /** Keeps what WinAnsiEncoding (the standard fonts) can show; anything else becomes '?'. */
    private static String printable(String s) {
        CharsetEncoder enc = Charset.forName("windows-1252").newEncoder();
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            b.append(cp >= 32 && enc.canEncode(ch) ? ch : cp == '\n' || cp == '\t' ? " " : "?");
        });
        return b.toString();
    }
}
