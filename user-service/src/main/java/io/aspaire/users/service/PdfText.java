package io.aspaire.users.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.FilterFactory;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.text.PDFTextStripper;

import io.aspaire.platform.errors.ApiException;
import io.aspaire.platform.errors.PayloadTooLargeException;

/**
 * The text of a PDF (Apache PDFBox), under an {@link ExtractionBudget}. PDFBox inflates each content stream
 * completely before parsing it, so a 1 MB PDF can hold a gigabyte of content. Before any text is extracted, every
 * content stream the extractor would parse (pages and the form XObjects they draw, recursively) is decoded once into
 * the byte budget, which stops a decoder as soon as it writes too much;
 * the extraction then checks the clock every few hundred operators and writes into the character budget.
 */
final class PdfText {

    private static final int MAX_FORM_DEPTH = 8;

    private PdfText() {
    }

    static String extract(byte[] bytes, ExtractionBudget budget, int maxPages) {
        try (PDDocument document = Loader.loadPDF(bytes)) {
            budget.checkTime();
            int pages = document.getNumberOfPages();
            if (pages == 0) {
                throw new UnprocessableContentException("the PDF has no pages");
            }
            if (pages > maxPages) {
                throw new PayloadTooLargeException("the PDF has " + pages + " pages; resumes may have at most "
                        + maxPages);
            }
            Set<COSBase> measured = Collections.newSetFromMap(new IdentityHashMap<>());
            for (PDPage page : document.getPages()) {
                for (Iterator<PDStream> streams = page.getContentStreams(); streams.hasNext();) {
                    measure(streams.next().getCOSObject(), budget);
                }
                measureForms(page.getResources(), budget, measured, 0);
            }
            ExtractionBudget.TextSink text = budget.text();
            new BudgetedStripper(budget).writeText(document, text);
            return text.toString();
        } catch (InvalidPasswordException e) {
            throw new UnprocessableContentException("the PDF is password-protected: upload an unprotected copy");
        } catch (IOException | RuntimeException e) {
            if (budget.exceeded() != null) {
                throw budget.exceeded();
            }
            if (e instanceof ApiException api) {
                throw api;
            }
            throw new UnprocessableContentException("the PDF cannot be read (damaged or incomplete file)");
        }
    }

    private static void measureForms(PDResources resources, ExtractionBudget budget, Set<COSBase> measured, int depth)
            throws IOException {
        if (resources == null) {
            return;
        }
        if (depth > MAX_FORM_DEPTH) {
            throw new UnprocessableContentException("the PDF nests drawings more than " + MAX_FORM_DEPTH
                    + " levels deep");
        }
        for (COSName name : resources.getXObjectNames()) {
            budget.checkTime();
            if (resources.isImageXObject(name)) {
                continue; // images are not decoded for text
            }
            PDXObject xobject = resources.getXObject(name);
            if (xobject instanceof PDFormXObject form && measured.add(form.getCOSObject())) {
                measure(form.getCOSObject(), budget);
                measureForms(form.getResources(), budget, measured, depth + 1);
            }
        }
    }

    /**
     * Decodes {@code stream} filter by filter into the byte budget. PDFBox decodes a content stream completely before
     * parsing it, so the budget must be applied here, where the decoder writes, not on what PDFBox hands out.
     */
    private static void measure(COSStream stream, ExtractionBudget budget) throws IOException {
        List<COSName> filters = new PDStream(stream).getFilters();
        try (InputStream raw = stream.createRawInputStream()) {
            if (filters.isEmpty()) {
                budget.drain(raw);
                return;
            }
            InputStream input = raw;
            for (int i = 0; i < filters.size(); i++) {
                boolean last = i == filters.size() - 1;
                ExtractionBudget.Sink decoded = budget.sink(!last);
                FilterFactory.INSTANCE.getFilter(filters.get(i)).decode(input, decoded, stream, i);
                input = new ByteArrayInputStream(decoded.written());
            }
        }
    }

    /** PDFBox's text stripper that stops when the budget's time is up. */
    private static final class BudgetedStripper extends PDFTextStripper {

        private final ExtractionBudget budget;
        private int operators;

        BudgetedStripper(ExtractionBudget budget) {
            this.budget = budget;
        }

        @Override
        protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
            if ((++operators & 0xff) == 0) {
                budget.checkTime();
            }
            super.processOperator(operator, operands);
        }
    }
}
