package io.aspaire.ai.api;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aspaire.ai.config.AiConfig;
import io.aspaire.ai.domain.ConversationDoc;
import io.aspaire.ai.service.ChatService;
import io.aspaire.platform.accounts.DeletedAccounts;
import io.aspaire.platform.accounts.DeletedAccountsCache;
import io.aspaire.platform.errors.ApiException;
import io.aspaire.platform.errors.BadRequestException;
import io.aspaire.platform.input.Ids;
import io.aspaire.platform.input.TextRule;
import io.aspaire.platform.input.Validation;
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

    private final SecurityIdentity identity;
    private final JWTParser jwtParser;
    private final ChatService chat;
    private final ObjectMapper mapper;
    private final Validation validation;
    private final int maxMessageSize;
    /** Deleted accounts: their tokens are refused here too, open connections are closed (DeletedAccountSockets). */
    private final DeletedAccountsCache deletedAccounts;
    private final DeletedAccounts accounts;

    public ChatSocket(SecurityIdentity identity, JWTParser jwtParser, ChatService chat, ObjectMapper mapper,
            Validation validation, AiConfig config, DeletedAccountsCache deletedAccounts, DeletedAccounts accounts) {
        this.identity = identity;
        this.jwtParser = jwtParser;
        this.chat = chat;
        this.mapper = mapper;
        this.validation = validation;
        this.maxMessageSize = config.chatMaxMessageSize();
        this.deletedAccounts = deletedAccounts;
        this.accounts = accounts;
    }

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        if (identity != null && !identity.isAnonymous()
                && identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            connection.userData().put(USER, jwt.getSubject());
            return Uni.createFrom().voidItem();
        }
        String token = queryToken(connection.handshakeRequest().query());
        if (token == null) {
            return Uni.createFrom().voidItem();
        }
        return verify(token).chain(user -> {
            if (user == null) {
                return send(connection, Frame.error("UNAUTHENTICATED", "invalid or expired token"))
                        .chain(() -> connection.close());
            }
            connection.userData().put(USER, user);
            return Uni.createFrom().voidItem();
        });
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
            Uni<String> verified = in.token() == null ? Uni.createFrom().nullItem() : verify(in.token());
            return verified.chain(user -> {
                if (user == null) {
                    return send(connection, Frame.error("UNAUTHENTICATED", "invalid or expired token"));
                }
                connection.userData().put(USER, user);
                LOG.debugf("websocket %s authenticated by frame", connection.id());
                return send(connection, new Frame("authenticated", null, null, null, null, user));
            });
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
        ChatMessage message;
        try {
            message = validation.check("message", new ChatMessage(in.text(), Ids.optional("conversationId",
                    in.conversationId()), Ids.optional("jobId", in.jobId()), Ids.optional("resumeId", in.resumeId())));
        } catch (ApiException e) {
            return send(connection, Frame.error(e.code(), e.getMessage()));
        }
        return accounts.guardWrite(Ids.required("userId", userId), () -> conversation(userId, message)
                .chain(conversation -> chat.resumeOf(conversation)
                        .map(resume -> resume == null ? null : Ownership.require(userId, resume.userId, "resume",
                                resume))
                        .onItem().transformToMulti(resume -> chat.send(userId, conversation, resume, message.text())
                                .onItem().transformToUniAndConcatenate(event -> event.token() != null
                                        ? send(connection, new Frame("token", conversation.id, event.token(), null,
                                                null))
                                        : send(connection, new Frame("done", conversation.id, event.answer(), null,
                                                null))))
                        .collect().last())
                .replaceWithVoid())
                .onFailure().recoverWithUni(e -> send(connection, e instanceof ApiException api
                        ? Frame.error(api.code(), api.getMessage())
                        : Frame.error("INTERNAL", "the answer could not be produced")));
    }

    /** The caller's conversation to continue (403 for another user's), or a new one; job and resume as asked. */
    private Uni<ConversationDoc> conversation(String userId, ChatMessage message) {
        String jobId = message.jobId() == null ? null : message.jobId().toString();
        String resumeId = message.resumeId() == null ? null : message.resumeId().toString();
        if (message.conversationId() == null) {
            return Uni.createFrom().item(chat.start(userId, jobId, resumeId));
        }
        return chat.find(message.conversationId().toString())
                .map(c -> Ownership.require(userId, c.userId, "conversation", c))
                .invoke(c -> {
                    if (jobId != null) {
                        c.jobId = jobId;
                    }
                    if (resumeId != null) {
                        c.resumeId = resumeId;
                    }
                });
    }

    /** A chat message frame once its fields are known to be strings: checked by its annotations. */
    public record ChatMessage(
            @NotBlank(message = "must not be empty") @Size(max = MAX_TEXT, message = "must be at most {max} characters") String text,
            UUID conversationId, UUID jobId, UUID resumeId) {
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

    /**
     * The token's user, or null when it is invalid. On a worker thread: with a JWKS URL the parser may fetch the key
     * set (the first time, and when it sees an unknown kid), and this method is called on the event loop. Frames of
     * one connection are still handled one after another (WebSockets Next's serial inbound processing waits for
     * this Uni), so a message right after the auth frame sees the user.
     */
    private Uni<String> verify(String token) {
        return Uni.createFrom().item(() -> verifyBlocking(token))
                .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
    }

    private String verifyBlocking(String token) {
        try {
            JsonWebToken jwt = jwtParser.parse(token);
            if (jwt.getSubject() == null || deletedAccounts.isDeleted(jwt.getSubject())) {
                return null; // a deleted account's token is as invalid here as at the HTTP upgrade (401)
            }
            return Ids.required("sub", jwt.getSubject()).toString();
        } catch (ParseException | ApiException e) {
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
