package io.aspaire.ai.messaging.in;

/** What ai-service's consumers share. */
final class Consumers {

    /**
     * The inbox name of every ai-service consumer (processed_events keys are {@code ai-service:<event id>}); one
     * name for the three topics, as before the handlers were typed, so no event already applied is applied again.
     */
    static final String NAME = "ai-service";

    private Consumers() {
    }
}
