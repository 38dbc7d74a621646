package io.rollcall.collector.loans;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;

/** Text for PDFBox's standard fonts: what they can show, broken into rows of a width. Receipts and the termly pack. */
public final class PdfText {
    private PdfText() {
    }

    /** Rows of text written down A4 pages inside a margin, a new page started when one is full. */
    public static final class Flow implements AutoCloseable {
        private final PDDocument doc;
        private final PDRectangle box = PDRectangle.A4;
        private final float margin;
        private PDPageContentStream cs;
        private float y;

        public Flow(PDDocument doc, float margin) {
            this.doc = doc;
            this.margin = margin;
        }

        /** {@code text} wrapped to the page's width less {@code indent}, each row {@code leading} below the last. */
        public void text(String text, PDType1Font font, float size, float indent, float leading) throws IOException {
            for (String row : wrap(printable(text), font, size, box.getWidth() - 2 * margin - indent)) {
                if (cs == null || y < margin) {
                    if (cs != null) {
                        cs.close();
                    }
                    PDPage page = new PDPage(box);
                    doc.addPage(page);
                    cs = new PDPageContentStream(doc, page);
                    y = box.getHeight() - margin;
                }
                cs.beginText();
                cs.setFont(font, size);
                cs.newLineAtOffset(margin + indent, y);
                cs.showText(row);
                cs.endText();
                y -= leading;
            }
        }

        /** Leaves {@code points} of space before the next row. */
        public void skip(float points) {
            y -= points;
        }

        @Override
        public void close() throws IOException {
            if (cs != null) {
                cs.close();
            }
        }
    }

    /** Rows of {@code text}, broken at spaces, none wider than {@code width} points unless one word is. */
    public static List<String> wrap(String text, PDType1Font font, float size, float width) throws IOException {
        List<String> rows = new ArrayList<>();
        if (text.isEmpty()) {
            rows.add("");
            return rows;
        }
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
    public static String printable(String s) {
        CharsetEncoder enc = Charset.forName("windows-1252").newEncoder();
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            b.append(cp >= 32 && enc.canEncode(ch) ? ch : cp == '\n' || cp == '\t' ? " " : "?");
        });
        return b.toString();
    }
}
