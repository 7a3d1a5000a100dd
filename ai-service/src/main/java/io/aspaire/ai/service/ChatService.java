package io.aspaire.ai.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.aspaire.ai.config.AiConfig;
import io.aspaire.ai.client.LlmClient;
import io.aspaire.ai.client.Prompts;
import io.aspaire.ai.client.LlmClient.StreamPart;
import io.aspaire.ai.client.ProviderErrors;
import io.aspaire.ai.domain.ConversationDoc;
import io.aspaire.ai.domain.JobDoc;
import io.aspaire.ai.domain.ResumeDoc;
import io.aspaire.platform.errors.NotFoundException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Streaming chat: loads or starts the conversation, adds the optional job/resume context as fenced data, streams the
 * model's answer and stores both turns in ai_conversations when the answer is complete.
 */
@ApplicationScoped
public class ChatService {

    public static final String FEATURE = "CHAT";

    private final LlmClient llm;
    private final UsageLedger ledger;
    private final ReadModels readModels;
    private final AiConfig config;

    public ChatService(LlmClient llm, UsageLedger ledger, ReadModels readModels, AiConfig config) {
        this.llm = llm;
        this.ledger = ledger;
        this.readModels = readModels;
        this.config = config;
    }

    /** What the socket streams: tokens, then one final item with the stored conversation. */
    public record ChatEvent(String token, ConversationDoc done, String answer) {
    }

    /** A stored conversation, or 404; whose it is the socket checks (it knows the caller). */
    public Uni<ConversationDoc> find(String conversationId) {
        return ConversationDoc.<ConversationDoc> findById(conversationId)
                .onItem().ifNull().failWith(() -> new NotFoundException("conversation " + conversationId
                        + " not found"));
    }

    /** A new conversation of {@code userId}, stored with its first answer. */
    public ConversationDoc start(String userId, String jobId, String resumeId) {
        ConversationDoc c = new ConversationDoc();
        c.id = UUID.randomUUID().toString();
        c.userId = userId;
        c.jobId = jobId;
        c.resumeId = resumeId;
        c.createdAt = Instant.now();
        return c;
    }

    /** The resume a conversation talks about, or 404; null when it names none. */
    public Uni<ResumeDoc> resumeOf(ConversationDoc conversation) {
        return conversation.resumeId == null ? Uni.createFrom().nullItem()
                : readModels.requireResume(conversation.resumeId);
    }

    /** Streams the answer to {@code text}; {@code resume} (or null) is the conversation's, checked by the caller. */
    public Multi<ChatEvent> send(String userId, ConversationDoc conversation, ResumeDoc resume, String text) {
        return Uni.createFrom().voidItem()
                .invoke(llm::requireConfigured)
                .chain(() -> ledger.checkAllowance(userId))
                .chain(() -> context(conversation, resume))
                .onItem().transformToMulti(context -> {
                    List<ChatMessage> messages = new ArrayList<>();
                    messages.add(SystemMessage.from(Prompts.CHAT_SYSTEM + context));
                    List<ConversationDoc.Turn> history = conversation.messages;
                    int from = Math.max(0, history.size() - config.chatHistoryTurns());
                    for (ConversationDoc.Turn turn : history.subList(from, history.size())) {
                        messages.add("assistant".equals(turn.role) ? AiMessage.from(turn.content)
                                : UserMessage.from(turn.content));
                    }
                    StringBuilder answer = new StringBuilder();
                    long start = System.nanoTime();
                    return llm.stream(messages, text)
                            .onItem().transformToUniAndConcatenate((StreamPart part) -> {
                                if (part.text() != null) {
                                    answer.append(part.text());
                                    return Uni.createFrom().item(new ChatEvent(part.text(), null, null));
                                }
                                Instant now = Instant.now();
                                conversation.messages.add(new ConversationDoc.Turn("user", text, now));
                                conversation.messages.add(new ConversationDoc.Turn("assistant", answer.toString(),
                                        now));
                                conversation.updatedAt = now;
                                return ledger.record(userId, FEATURE, llm.modelName(), part.usage().tokensIn(),
                                        part.usage().tokensOut(), (System.nanoTime() - start) / 1_000_000)
                                        .chain(() -> ConversationDoc.mongoCollection().replaceOne(
                                                new org.bson.Document("_id", conversation.id), conversation,
                                                new com.mongodb.client.model.ReplaceOptions().upsert(true)))
                                        .replaceWith(new ChatEvent(null, conversation, answer.toString()));
                            });
                })
                .onFailure().transform(ProviderErrors::translate);
    }

    private Uni<String> context(ConversationDoc conversation, ResumeDoc resume) {
        Uni<String> job = conversation.jobId == null ? Uni.createFrom().item("")
                : readModels.requireJob(conversation.jobId).map((JobDoc j) -> "\nThe job the user asks about:\n"
                        + Prompts.job(j));
        return job.map(jobText -> resume == null ? jobText : jobText + "\nThe user's resume:\n"
                + Prompts.resume(resume));
    }
}
