package io.aspaire.platform.accounts;

/**
 * CDI event fired (synchronously, on the refresh's thread; observers must not block) when this replica learns of a
 * deleted account, e.g. to close that user's open WebSocket connections.
 */
public record AccountDeleted(String userId) {
}
