package io.aspaire.gateway.execution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import graphql.language.Document;
import graphql.validation.ValidationError;

import io.aspaire.gateway.composition.Supergraph;

/**
 * Parsed documents and their validation result by query text (LRU). Clients send the same few operations over
 * and over; parsing and validating them again each time would dominate the gateway's own latency. Validation is
 * remembered per supergraph, so a recomposition re-validates.
 */
final class DocumentCache {

    static final class Entry {
        final Document document;
        private Supergraph validatedAgainst;
        private List<ValidationError> validationErrors;

        Entry(Document document) {
            this.document = document;
        }

        synchronized List<ValidationError> validationErrors(Supergraph supergraph) {
            return validatedAgainst == supergraph ? validationErrors : null;
        }

        synchronized void validated(Supergraph supergraph, List<ValidationError> errors) {
            this.validatedAgainst = supergraph;
            this.validationErrors = List.copyOf(errors);
        }
    }

    private final int capacity;
    private final Map<String, Entry> entries;

    DocumentCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > DocumentCache.this.capacity;
            }
        };
    }

    synchronized Entry get(String query) {
        return entries.get(query);
    }

    synchronized Entry put(String query, Document document) {
        Entry entry = new Entry(document);
        entries.put(query, entry);
        return entry;
    }
}
