package io.aspaire.users.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;

import io.aspaire.users.config.ExtractionLimits;
import io.aspaire.platform.errors.ApiException;
import io.aspaire.platform.errors.PayloadTooLargeException;

/**
 * The bytes, characters and time one extraction may still spend. Parsers read through {@link #limit(InputStream)}
 * and write through {@link #text()}, so a bomb is stopped where it unpacks, not after. The first limit hit is
 * remembered: libraries sometimes catch and log exceptions, and the extractor asks {@link #exceeded()} afterwards.
 * Not thread-safe: one budget per extraction, used by one thread.
 */
final class ExtractionBudget {

    private final long maxBytes;
    private final int maxChars;
    private final long deadlineNanos;
    private final long timeoutMillis;
    private long bytes;
    private long chars;
    private ApiException exceeded;

    ExtractionBudget(ExtractionLimits limits) {
        this.maxBytes = limits.maxInflatedBytes();
        this.maxChars = limits.maxRawTextChars();
        // a little before the pool's timeout, so the caller gets this clearer message
        this.timeoutMillis = Math.max(100, limits.timeout().toMillis() - 250);
        this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000;
    }

    /** Counts {@code n} more decompressed bytes. */
    void bytes(long n) {
        bytes += n;
        if (bytes > maxBytes) {
            fail(new PayloadTooLargeException("the document unpacks to more than " + megabytes(maxBytes)
                    + " MB of content; resumes are far smaller: upload a plain PDF or DOCX, or paste the text"));
        }
        checkTime();
    }

    /** Counts {@code n} more characters of text. */
    void chars(long n) {
        chars += n;
        if (chars > maxChars) {
            fail(new PayloadTooLargeException("the document holds more than " + maxChars
                    + " characters of text; resumes may hold at most " + ResumeService.MAX_TEXT_CHARS));
        }
    }

    /** Stops the work when it has taken too long or its thread was interrupted (the caller gave up). */
    void checkTime() {
        if (exceeded != null) {
            throw exceeded;
        }
        if (System.nanoTime() > deadlineNanos || Thread.currentThread().isInterrupted()) {
            fail(timeUp());
        }
    }

    UnprocessableContentException timeUp() {
        return new UnprocessableContentException("reading the document took longer than " + timeoutMillis
                + " ms and was stopped: upload a simpler PDF or DOCX, or paste the text");
    }

    /** The limit that was hit, or null. */
    ApiException exceeded() {
        return exceeded;
    }

    private void fail(ApiException e) {
        if (exceeded == null) {
            exceeded = e;
        }
        throw exceeded;
    }

    /** {@code in}, counted against the byte budget; closing it does not close {@code in} (a ZIP entry stream). */
    InputStream limit(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytes(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    bytes(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                // skipped bytes are inflated too
                byte[] sink = new byte[8192];
                long skipped = 0;
                while (skipped < n) {
                    int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
                    if (r < 0) {
                        break;
                    }
                    skipped += r;
                }
                return skipped;
            }

            @Override
            public void close() {
                // the owner closes the underlying stream
            }
        };
    }

    /** Reads {@code in} to its end through the budget (to measure what a parser would read). */
    void drain(InputStream in) throws IOException {
        try (InputStream limited = limit(in)) {
            byte[] sink = new byte[8192];
            while (limited.read(sink) >= 0) {
                // counted in read
            }
        }
    }

    /**
     * Where a decoder writes, counted against the byte budget: a decoder that inflates too much is stopped while it
     * writes. Keeps the bytes only if {@code keep} (the next filter of a chain reads them).
     */
    Sink sink(boolean keep) {
        return new Sink(keep);
    }

    final class Sink extends java.io.OutputStream {
        private final java.io.ByteArrayOutputStream kept;

        private Sink(boolean keep) {
            this.kept = keep ? new java.io.ByteArrayOutputStream() : null;
        }

        @Override
        public void write(int b) {
            ExtractionBudget.this.bytes(1);
            if (kept != null) {
                kept.write(b);
            }
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            ExtractionBudget.this.bytes(length);
            if (kept != null) {
                kept.write(buffer, offset, length);
            }
        }

        byte[] written() {
            return kept == null ? new byte[0] : kept.toByteArray();
        }
    }

    /** A text sink counted against the character budget. */
    TextSink text() {
        return new TextSink();
    }

    final class TextSink extends Writer {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void write(char[] buffer, int offset, int length) {
            chars(length);
            text.append(buffer, offset, length);
        }

        @Override
        public void write(String s, int offset, int length) {
            chars(length);
            text.append(s, offset, offset + length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        StringBuilder builder() {
            return text;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private static long megabytes(long bytes) {
        return Math.max(1, bytes / (1024 * 1024));
    }
}
