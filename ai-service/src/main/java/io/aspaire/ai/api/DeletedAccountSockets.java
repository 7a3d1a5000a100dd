package io.aspaire.ai.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.platform.accounts.AccountDeleted;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Closes the open chat connections of an account as soon as this replica learns it was deleted: an error frame
 * {@code UNAUTHENTICATED} and close code 1008 (policy violation). New connections with its token are refused at the
 * upgrade (401) or, with {@code ?token=} / an auth frame, answered with an error frame.
 */
@ApplicationScoped
public class DeletedAccountSockets {

    static final CloseReason ACCOUNT_DELETED = new CloseReason(1008, DeletedAccounts.DELETED);
    private static final Logger LOG = Logger.getLogger(DeletedAccountSockets.class);

    private final OpenConnections connections;
    private final ObjectMapper mapper;

    public DeletedAccountSockets(OpenConnections connections, ObjectMapper mapper) {
        this.connections = connections;
        this.mapper = mapper;
    }

    void onAccountDeleted(@Observes AccountDeleted deleted) {
        for (WebSocketConnection connection : connections) {
            if (deleted.userId().equals(connection.userData().get(ChatSocket.USER))) {
                LOG.infof("closing websocket %s: account %s deleted", connection.id(), deleted.userId());
                String frame;
                try {
                    frame = mapper.writeValueAsString(ChatSocket.Frame.error("UNAUTHENTICATED",
                            DeletedAccounts.DELETED));
                } catch (Exception e) {
                    frame = "{\"type\":\"error\",\"code\":\"UNAUTHENTICATED\"}";
                }
                connection.sendText(frame).onFailure().recoverWithNull()
                        .chain(() -> connection.close(ACCOUNT_DELETED))
                        .subscribe().with(x -> {
                        }, e -> LOG.debugf("close of websocket %s failed: %s", connection.id(), e.getMessage()));
            }
        }
    }
}
