package io.aspaire.gateway.accounts;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads {@code aspaire.users.v1} (CloudEvents 1.0, structured JSON; docs/events.md) and records every
 * {@code UserDeleted} in {@link DeletedAccounts}. Every gateway instance must see every deletion, so each one
 * consumes with its own consumer group (a broadcast, see application.properties) and, on start, reads back one
 * access-token lifetime ({@link RecentUserEventsRebalanceListener}). Other event types are ignored; an unreadable
 * record is logged and skipped (nothing to undo: the subgraphs refuse the token too).
 * <p>
 * The gateway does not use platform's {@code EventCodec}: platform brings the persistence extensions of the
 * subgraphs (databases, outbox), none of which the gateway has.
 */
@ApplicationScoped
public class UserDeletedListener {

    private static final Logger LOG = Logger.getLogger(UserDeletedListener.class);

    private final DeletedAccounts deletedAccounts;
    private final ObjectMapper mapper;

    public UserDeletedListener(DeletedAccounts deletedAccounts, ObjectMapper mapper) {
        this.deletedAccounts = deletedAccounts;
        this.mapper = mapper;
    }

    @Incoming("deleted-users")
    public void onUserEvent(String value) {
        try {
            JsonNode event = mapper.readTree(value);
            if (event == null || !"UserDeleted".equals(event.path("type").asText())) {
                return;
            }
            String userId = event.path("data").path("userId").asText(event.path("subject").asText(""));
            if (userId.isBlank()) {
                LOG.warnf("UserDeleted event %s without a user id: ignored", event.path("id").asText());
                return;
            }
            Instant at = instant(event.path("data").path("deletedAt").asText(null));
            if (at == null) {
                at = instant(event.path("time").asText(null));
            }
            deletedAccounts.deleted(userId, at == null ? Instant.now() : at);
            LOG.debugf("Account %s deleted: its tokens are refused from now on", userId);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf("Unreadable record on aspaire.users.v1 skipped: %s", e.getMessage());
        }
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
