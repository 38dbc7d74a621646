package io.rollcall.collector.evidence;

import java.io.ByteArrayOutputStream;
import io.rollcall.collector.loans.PdfText;
import java.io.IOException;
import java.io.UncheckedIOException;
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
                    for (String row : PdfText.wrap(PdfText.printable(line.text()), font, size, width - line.indent())) {
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

}
