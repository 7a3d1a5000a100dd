package io.aspaire.ai.api;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.ai.service.ChatService;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.accounts.DeletedAccountsCache;
import io.aspaire.platform.errors.ApiException;
import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.input.TextRule;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * Streaming chat over a WebSocket at /openai/ws. Authentication, with the suite's JWT, in any of three ways:
 * {@code Authorization: Bearer} on the upgrade request (non-browser clients), {@code ?token=} on the URL (browsers
 * cannot set headers on a WebSocket), or a first frame {@code {"type":"auth","token":"..."}}.
 *
 * <p>Client frames: {@code {"type":"message","text":"...","conversationId"?, "jobId"?, "resumeId"?}}. Server
 * frames: {@code {"type":"token","conversationId","text"}} per token, {@code {"type":"done","conversationId",
 * "text"}} with the whole answer once stored, {@code {"type":"error","code","message"}} (bad frames get an error
 * frame; the connection stays open), and {@code {"type":"authenticated","userId"}} after a successful auth frame.
 */
@WebSocket(path = "/openai/ws")
public class ChatSocket {

    private static final Logger LOG = Logger.getLogger(ChatSocket.class);
    static final UserData.TypedKey<String> USER = new UserData.TypedKey<>("aspaire.userId");
    static final int MAX_TEXT = 8000;
    static final String FRAME_SHAPE = "{\"type\":\"message\",\"text\":\"...\"} or {\"type\":\"auth\","
            + "\"token\":\"...\"}";

    @Inject
    SecurityIdentity identity;
    @Inject
    JWTParser jwtParser;
    @Inject
    ChatService chat;
    @Inject
    ObjectMapper mapper;
    @ConfigProperty(name = "quarkus.websockets-next.server.max-message-size", defaultValue = "65536")
    int maxMessageSize;
    /** Deleted accounts: their tokens are refused here too, open connections are closed (DeletedAccountSockets). */
    @Inject
    DeletedAccountsCache deletedAccounts;
    @Inject
    DeletedAccounts accounts;

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        if (identity != null && !identity.isAnonymous()
                && identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            connection.userData().put(USER, jwt.getSubject());
            return Uni.createFrom().voidItem();
        }
        String token = queryToken(connection.handshakeRequest().query());
        if (token != null) {
            String user = verify(token);
            if (user == null) {
                return send(connection, Frame.error("UNAUTHENTICATED", "invalid or expired token"))
                        .chain(() -> connection.close());
            }
            connection.userData().put(USER, user);
        }
        return Uni.createFrom().voidItem();
    }

    @OnTextMessage
    public Uni<Void> onMessage(String raw, WebSocketConnection connection) {
        Inbound in;
        try {
            in = Inbound.parse(mapper, raw);
        } catch (ApiException e) {
            return send(connection, Frame.error(e.code(), e.getMessage()));
        }
        String type = in.type() == null ? "message" : in.type();
        if ("auth".equals(type)) {
            String user = in.token() == null ? null : verify(in.token());
            if (user == null) {
                return send(connection, Frame.error("UNAUTHENTICATED", "invalid or expired token"));
            }
            connection.userData().put(USER, user);
            LOG.debugf("websocket %s authenticated by frame", connection.id());
            return send(connection, new Frame("authenticated", null, null, null, null, user));
        }
        if (!"message".equals(type)) {
            return send(connection, Frame.error("BAD_REQUEST", "unknown frame type '" + type
                    + "' (expected message or auth)"));
        }
        String userId = connection.userData().get(USER);
        if (userId != null && deletedAccounts.isDeleted(userId)) {
            return send(connection, Frame.error("UNAUTHENTICATED", DeletedAccounts.DELETED))
                    .chain(() -> connection.close(DeletedAccountSockets.ACCOUNT_DELETED));
        }
        if (userId == null) {
            return send(connection, Frame.error("UNAUTHENTICATED", "authenticate first: Authorization header, "
                    + "?token= or an {\"type\":\"auth\",\"token\":\"...\"} frame"));
        }
        if (in.text() == null || in.text().isBlank() || in.text().length() > MAX_TEXT) {
            return send(connection, Frame.error("BAD_REQUEST", "text is required (at most " + MAX_TEXT
                    + " characters)"));
        }
        String invalid = firstInvalidUuid(in);
        if (invalid != null) {
            return send(connection, Frame.error("BAD_REQUEST", invalid + " must be a UUID"));
        }
        return accounts.guardWrite(java.util.UUID.fromString(userId), () -> chat
                .open(userId, in.conversationId(), in.jobId(), in.resumeId())
                .onItem().transformToMulti(conversation -> chat.send(userId, conversation, in.text())
                        .onItem().transformToUniAndConcatenate(event -> event.token() != null
                                ? send(connection, new Frame("token", conversation.id, event.token(), null, null))
                                : send(connection, new Frame("done", conversation.id, event.answer(), null, null))))
                .collect().last().replaceWithVoid())
                .onFailure().recoverWithUni(e -> send(connection, e instanceof ApiException api
                        ? Frame.error(api.code(), api.getMessage())
                        : Frame.error("INTERNAL", "the answer could not be produced")));
    }

    /** Binary frames are not part of the protocol: an error frame, and the socket stays open. */
    @OnBinaryMessage
    public Uni<Void> onBinary(Buffer data, WebSocketConnection connection) {
        return send(connection, Frame.error("BAD_REQUEST", "only text frames are accepted: " + FRAME_SHAPE));
    }

    /**
     * Whatever escapes a handler, and frames refused before any handler runs, gets an error frame and the socket
     * stays open (without this method WebSockets Next closes the connection with 1011). A message over
     * {@code quarkus.websockets-next.server.max-message-size} is refused by Vert.x while it is being reassembled;
     * the rest of it is dropped, so the next message is read normally.
     */
    @OnError
    public Uni<Void> onError(Throwable failure, WebSocketConnection connection) {
        if (isOverMaxMessageSize(failure)) {
            return send(connection, Frame.error("PAYLOAD_TOO_LARGE", "a frame may be at most " + maxMessageSize
                    + " bytes (and a message's text at most " + MAX_TEXT + " characters)"));
        }
        if (failure instanceof ApiException api) {
            return send(connection, Frame.error(api.code(), api.getMessage()));
        }
        LOG.errorf(failure, "websocket %s: frame not processed", connection.id());
        return send(connection, Frame.error("INTERNAL", "the frame could not be processed"));
    }

    /** Vert.x reports an over-long message with an IllegalStateException and no type of its own, only this text. */
    private static boolean isOverMaxMessageSize(Throwable failure) {
        return failure instanceof IllegalStateException && failure.getMessage() != null
                && failure.getMessage().contains("max message size");
    }

    private Uni<Void> send(WebSocketConnection connection, Frame frame) {
        try {
            return connection.sendText(mapper.writeValueAsString(frame));
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
    }

    private String verify(String token) {
        try {
            JsonWebToken jwt = jwtParser.parse(token);
            if (jwt.getSubject() == null || deletedAccounts.isDeleted(jwt.getSubject())) {
                return null; // a deleted account's token is as invalid here as at the HTTP upgrade (401)
            }
            return java.util.UUID.fromString(jwt.getSubject()).toString();
        } catch (ParseException | IllegalArgumentException e) {
            return null;
        }
    }

    static String queryToken(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("token=")) {
                return java.net.URLDecoder.decode(pair.substring(6), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String firstInvalidUuid(Inbound in) {
        String[][] fields = { { "conversationId", in.conversationId() }, { "jobId", in.jobId() },
                { "resumeId", in.resumeId() } };
        for (String[] f : fields) {
            if (f[1] != null) {
                try {
                    java.util.UUID.fromString(f[1]);
                } catch (IllegalArgumentException e) {
                    return f[0];
                }
            }
        }
        return null;
    }

    /** A client frame. Unknown fields are ignored; known ones must be strings (or null) that follow the text rule. */
    public record Inbound(String type, String token, String text, String conversationId, String jobId,
            String resumeId) {

        static Inbound parse(ObjectMapper mapper, String raw) {
            JsonNode frame;
            try {
                frame = mapper.readTree(raw);
            } catch (Exception e) { // not JSON, or beyond Jackson's nesting/length constraints
                frame = null;
            }
            if (frame == null || !frame.isObject()) {
                throw new BadRequestException("frames are JSON objects: " + FRAME_SHAPE);
            }
            return new Inbound(string(frame, "type"), string(frame, "token"), string(frame, "text"),
                    string(frame, "conversationId"), string(frame, "jobId"), string(frame, "resumeId"));
        }

        private static String string(JsonNode frame, String field) {
            JsonNode value = frame.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                throw new BadRequestException(field + " must be a string");
            }
            return TextRule.check(field, value.asText());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Frame(String type, String conversationId, String text, String code, String message, String userId) {
        Frame(String type, String conversationId, String text, String code, String message) {
            this(type, conversationId, text, code, message, null);
        }

        static Frame error(String code, String message) {
            return new Frame("error", null, null, code, message);
        }
    }
}
