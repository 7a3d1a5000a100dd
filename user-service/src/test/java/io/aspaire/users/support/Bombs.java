package io.aspaire.users.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Decompression bombs: small files that unpack to far more than any resume, built byte by byte here. */
public final class Bombs {

    private Bombs() {
    }

    /** A DOCX whose word/document.xml inflates to {@code megabytes} MB of empty paragraphs ({@code <w:p/>}). */
    public static byte[] docx(int megabytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
                    + "package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/"
                    + "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>")
                    .getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats"
                    + ".org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Bomb</w:t></w:r></w:p>")
                    .getBytes(StandardCharsets.UTF_8));
            byte[] paragraphs = "<w:p/>".repeat(1024 * 1024 / 6).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < megabytes; i++) {
                zip.write(paragraphs);
            }
            zip.write("</w:body></w:document>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A one-page PDF whose content stream inflates to {@code megabytes} MB (spaces after one line of text). */
    public static byte[] pdfWithHugeContentStream(int megabytes) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(compressed, new Deflater(Deflater.BEST_COMPRESSION))) {
            z.write("BT /F1 12 Tf 50 700 Td (Bomb) Tj ET\n".getBytes(StandardCharsets.US_ASCII));
            byte[] spaces = new byte[1024 * 1024];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < megabytes; i++) {
                z.write(spaces);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pdf(1, compressed.toByteArray());
    }

    /** A PDF with {@code pages} pages that all draw one small content stream. */
    public static byte[] pdfWithPages(int pages) {
        return pdf(pages, "BT /F1 12 Tf 50 700 Td (Page) Tj ET\n".getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A PDF: 1 catalog, 2 page tree, 3 font, 4 content stream (FlateDecode when {@code content} is compressed, i.e.
     * does not start with "BT"), 5.. the pages.
     */
    private static byte[] pdf(int pages, byte[] content) {
        boolean flate = !(content.length > 1 && content[0] == 'B' && content[1] == 'T');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        write(out, "%PDF-1.4\n");
        StringBuilder kids = new StringBuilder();
        for (int p = 0; p < pages; p++) {
            kids.append(5 + p).append(" 0 R ");
        }
        object(out, offsets, "<< /Type /Catalog /Pages 2 0 R >>");
        object(out, offsets, "<< /Type /Pages /Kids [" + kids + "] /Count " + pages + " >>");
        object(out, offsets, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        offsets.add(out.size());
        write(out, "4 0 obj\n<< /Length " + content.length + (flate ? " /Filter /FlateDecode" : "") + " >>\nstream\n");
        out.writeBytes(content);
        write(out, "\nendstream\nendobj\n");
        for (int p = 0; p < pages; p++) {
            object(out, offsets, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
                    + " /Resources << /Font << /F1 3 0 R >> >> >>");
        }
        int xref = out.size();
        StringBuilder table = new StringBuilder("xref\n0 " + (offsets.size() + 1) + "\n0000000000 65535 f \n");
        offsets.forEach(o -> table.append(String.format("%010d 00000 n \n", o)));
        table.append("trailer\n<< /Size ").append(offsets.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        write(out, table.toString());
        return out.toByteArray();
    }

    private static void object(ByteArrayOutputStream out, List<Integer> offsets, String body) {
        offsets.add(out.size());
        write(out, offsets.size() + " 0 obj\n" + body + "\nendobj\n");
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
