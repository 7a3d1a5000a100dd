package io.aspaire.users.service;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.users.config.ExtractionLimits;
import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.errors.ServiceUnavailableException;
import io.aspaire.platform.errors.UnsupportedMediaTypeException;
import io.aspaire.platform.work.BoundedWorkerPool;
import io.smallrye.mutiny.Uni;

/**
 * Turns an uploaded resume into plain text. The type is decided by the file's content (magic bytes), not by the name
 * or the declared media type, which clients get wrong or forge: PDF (Apache PDFBox), DOCX (Apache POI), or UTF-8 plain
 * text / Markdown. Blocking and CPU-bound: it runs on a small pool of its own under a budget (see
 * {@link ExtractionLimits}), and a document over budget is refused with 413 (too big) or 422 (too slow).
 */
@ApplicationScoped
public class TextExtractor {

    public static final String PDF = "application/pdf";
    public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public static final String TEXT = "text/plain";
    public static final String MARKDOWN = "text/markdown";

    /** The text of a document and the media type its content turned out to be. */
    public record Extracted(String text, String mediaType) {
    }

    private final ExtractionLimits limits;
    private final BoundedWorkerPool pool;

    public TextExtractor(ExtractionLimits limits) {
        this.limits = limits;
        this.pool = new BoundedWorkerPool("resume-extraction", limits.threads(), limits.queue());
    }

    @PreDestroy
    void close() {
        pool.close();
    }

    /**
     * Reads the document ({@code bytes} is called on the pool too: it reads the upload from disk) and extracts its
     * text on the extraction pool, under the byte, text and time budget of {@link ExtractionLimits}. The result
     * arrives on the caller's context.
     */
    public Uni<Extracted> extract(Callable<byte[]> bytes, String fileName) {
        // a task past its time stops itself with 422 (ExtractionBudget); the pool's timeout is then a long wait in
        // the queue: the server is busy
        return pool.submit(() -> extract(bytes.call(), fileName, new ExtractionBudget(limits)), limits.timeout(),
                TextExtractor::busy, TextExtractor::busy);
    }

    private static ServiceUnavailableException busy() {
        return new ServiceUnavailableException("too many documents are being read right now: retry shortly",
                Duration.ofSeconds(1));
    }

    Extracted extract(byte[] bytes, String fileName, ExtractionBudget budget) {
        if (bytes.length == 0) {
            throw new BadRequestException("the uploaded file is empty");
        }
        Extracted extracted;
        if (startsWith(bytes, "%PDF-")) {
            extracted = new Extracted(PdfText.extract(bytes, budget, limits.maxPdfPages()), PDF);
        } else if (startsWith(bytes, "PK\u0003\u0004")) {
            extracted = new Extracted(DocxText.extract(bytes, budget, limits.maxZipEntries()), DOCX);
        } else if (startsWith(bytes, "\u00d0\u00cf\u0011\u00e0")) {
            throw new UnsupportedMediaTypeException(
                    "legacy Word (.doc) files are not supported: save the resume as DOCX or PDF, or paste its text");
        } else {
            String text = plainText(bytes);
            if (text == null) {
                throw new UnsupportedMediaTypeException("unsupported file type" + describe(bytes)
                        + ": upload a PDF, a DOCX, or a UTF-8 plain-text/Markdown file");
            }
            String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
            extracted = new Extracted(text, name.endsWith(".md") || name.endsWith(".markdown") ? MARKDOWN : TEXT);
        }
        String text = normalize(extracted.text());
        if (text.isEmpty()) {
            throw new UnprocessableContentException(switch (extracted.mediaType()) {
                case PDF -> "the PDF contains no extractable text (a scanned document?): upload a PDF with a text layer, "
                        + "a DOCX, or paste the text";
                case DOCX -> "the DOCX document contains no text";
                default -> "the file contains only whitespace";
            });
        }
        return new Extracted(text, extracted.mediaType());
    }

    /** Collapses the whitespace extractors leave behind while keeping paragraphs. */
    public static String normalize(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n')
                .replaceAll("[\\t\\x0B\\f\\u00A0 ]+", " ")
                .replaceAll(" *\n *", "\n")
                .replaceAll("\n{3,}", "\n\n")
                .strip();
    }

    /** Strict UTF-8 (BOM allowed) without control characters other than tab and line breaks, else null. */
    private static String plainText(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
                return null;
            }
        }
        return text;
    }

    private static boolean startsWith(byte[] bytes, String magic) {
        if (bytes.length < magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if ((bytes[i] & 0xff) != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(byte[] bytes) {
        if (startsWith(bytes, "\u0089PNG")) {
            return " (PNG image)";
        }
        if (startsWith(bytes, "\u00ff\u00d8\u00ff")) {
            return " (JPEG image)";
        }
        if (startsWith(bytes, "GIF8")) {
            return " (GIF image)";
        }
        return "";
    }
}
