package io.aspaire.platform.outbox;

/** The relay of this service's outbox store (PostgreSQL or MongoDB), as operators and tests drive it. */
public interface OutboxRelay {

    /** Stops sending; committed events wait in the store (a broker outage, a test of the fallback). */
    void pause();

    /** Sends again, starting with what accumulated while paused. */
    void resume();

    boolean isRunning();

    /** Asks for a pass now (coalesced with a running one). */
    void wake();
}
