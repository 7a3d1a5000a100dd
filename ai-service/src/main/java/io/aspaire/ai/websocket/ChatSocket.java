package io.aspaire.ai.websocket;

import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.ai.service.ChatService;
import io.aspaire.platform.errors.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;

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

    @Inject
    SecurityIdentity identity;
    @Inject
    JWTParser jwtParser;
    @Inject
    ChatService chat;
    @Inject
    ObjectMapper mapper;

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
            in = mapper.readValue(raw, Inbound.class);
        } catch (Exception e) {
            return send(connection, Frame.error("BAD_REQUEST", "frames are JSON objects: {\"type\":\"message\","
                    + "\"text\":\"...\"} or {\"type\":\"auth\",\"token\":\"...\"}"));
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
        return chat.open(userId, in.conversationId(), in.jobId(), in.resumeId())
                .onItem().transformToMulti(conversation -> chat.send(userId, conversation, in.text())
                        .onItem().transformToUniAndConcatenate(event -> event.token() != null
                                ? send(connection, new Frame("token", conversation.id, event.token(), null, null))
                                : send(connection, new Frame("done", conversation.id, event.answer(), null, null))))
                .collect().last().replaceWithVoid()
                .onFailure().recoverWithUni(e -> send(connection, e instanceof ApiException api
                        ? Frame.error(api.code(), api.getMessage())
                        : Frame.error("INTERNAL", "the answer could not be produced")));
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
            return jwt.getSubject() == null ? null : java.util.UUID.fromString(jwt.getSubject()).toString();
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

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Inbound(String type, String token, String text, String conversationId, String jobId,
            String resumeId) {
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
