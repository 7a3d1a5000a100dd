package io.aspaire.users.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import io.aspaire.platform.errors.ApiException;
import io.aspaire.platform.errors.UnsupportedMediaTypeException;

/**
 * The text of a DOCX, read as a stream under an {@link ExtractionBudget}: the ZIP is walked entry by entry and every
 * inflated byte counts (a 270 KB upload can hold 20 MB of {@code <w:p/>}); the body, {@code word/document.xml}, is
 * parsed with SAX, which keeps no document tree, so memory stays proportional to the text. Paragraphs, line breaks,
 * tabs and table cells become line breaks and tabs, as in Apache POI's extractor; runs of empty paragraphs collapse.
 */
final class DocxText {

    private static final String WORD_ML = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private static final String BODY = "word/document.xml";

    private DocxText() {
    }

    static String extract(byte[] bytes, ExtractionBudget budget, int maxEntries) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            int entries = 0;
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (++entries > maxEntries) {
                    throw new UnprocessableContentException("the DOCX holds more than " + maxEntries + " files");
                }
                if (entry.getName().equals(BODY)) {
                    return body(budget.limit(zip), budget);
                }
                // the parts before the body are not needed, but inflating past them costs: count it
                budget.drain(zip);
            }
        } catch (IOException | SAXException | RuntimeException e) {
            if (budget.exceeded() != null) {
                throw budget.exceeded();
            }
            if (e instanceof ApiException api) {
                throw api;
            }
            if (e instanceof SAXException) {
                throw new UnprocessableContentException("the DOCX document cannot be read (damaged file)");
            }
        }
        // a ZIP that is not a Word document (xlsx, jar, plain zip) or a damaged one
        throw new UnsupportedMediaTypeException(
                "the file is a ZIP archive but not a readable Word (DOCX) document: upload a PDF, a DOCX or text");
    }

    private static String body(InputStream xml, ExtractionBudget budget) throws IOException, SAXException {
        BodyText handler = new BodyText(budget);
        parser().parse(xml, handler);
        return handler.text.toString();
    }

    private static SAXParser parser() throws SAXException {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setXIncludeAware(false);
            // no DTDs: no entity expansion ("billion laughs") and no external entities
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newSAXParser();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Collects the text of {@code w:t} elements with the layout elements in between. */
    private static final class BodyText extends DefaultHandler {

        private final ExtractionBudget budget;
        private final ExtractionBudget.TextSink text;
        private boolean inText;
        private int trailingBreaks;
        private int elements;

        BodyText(ExtractionBudget budget) {
            this.budget = budget;
            this.text = budget.text();
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            if ((++elements & 0x3ff) == 0) {
                budget.checkTime();
            }
            if (!WORD_ML.equals(uri)) {
                return;
            }
            switch (localName) {
                case "t" -> inText = true;
                case "tab" -> append("\t");
                case "br", "cr" -> lineBreak();
                default -> {
                }
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            if (!WORD_ML.equals(uri)) {
                return;
            }
            switch (localName) {
                case "t" -> inText = false;
                case "p", "tr" -> lineBreak();
                case "tc" -> append("\t");
                default -> {
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (inText && length > 0) {
                trailingBreaks = 0;
                text.write(ch, start, length);
            }
        }

        private void lineBreak() {
            // an empty paragraph adds nothing after the second line break (normalize keeps at most one blank line)
            if (trailingBreaks < 2) {
                trailingBreaks++;
                text.write("\n", 0, 1);
            }
        }

        private void append(String s) {
            trailingBreaks = 0;
            text.write(s, 0, s.length());
        }
    }
}
