package io.aspaire.users.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The budget every resume extraction runs under (prefix {@code aspaire.users.resume.extraction}). A small upload can
 * unpack to gigabytes (a "decompression bomb"): bytes, text, pages and time are all bounded, and extractions run on a
 * small pool of their own so that parallel bombs cannot occupy the service's worker threads.
 */
@ConfigMapping(prefix = "aspaire.users.resume.extraction")
public interface ExtractionLimits {

    /** Decompressed bytes read from one document (DOCX ZIP entries, PDF content streams). */
    @WithDefault("16777216")
    long maxInflatedBytes();

    /** Characters of raw text taken from one document (before whitespace is collapsed). */
    @WithDefault("1000000")
    int maxRawTextChars();

    /** Pages of a PDF. */
    @WithDefault("100")
    int maxPdfPages();

    /** ZIP entries of a DOCX. */
    @WithDefault("2000")
    int maxZipEntries();

    /** Wall-clock time for one extraction, waiting in the queue included. */
    @WithDefault("PT3S")
    Duration timeout();

    /** Threads extracting at once. */
    @WithDefault("2")
    int threads();

    /**
     * Extractions waiting for a thread; more are refused with 503 and Retry-After. Waiting costs no memory (the file
     * is read when a thread takes it), and the timeout bounds the wait.
     */
    @WithDefault("32")
    int queue();
}
