package io.rollcall.collector.evidence;

import io.rollcall.collector.loans.PdfText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;

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
            try (PdfText.Flow flow = new PdfText.Flow(doc, MARGIN)) {
                for (PackText.Line line : lines) {
                    float size = line.heading() == 1 ? 16 : line.heading() == 2 ? 12 : SIZE;
                    if (line.heading() > 0) {
                        flow.skip(6);
                    }
                    flow.text(line.text(), line.heading() > 0 ? bold : regular, size, line.indent(), size * 1.4f);
                }
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the termly pack could not be written", e);
        }
    }
}
