package io.aspaire.ai.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;

/** A chat conversation over the WebSocket; continued when the client sends its id. */
@MongoEntity(collection = "ai_conversations")
public class ConversationDoc extends ReactivePanacheMongoEntityBase {

    @BsonId
    public String id;
    public String userId;
    public String jobId;
    public String resumeId;
    public List<Turn> messages = new ArrayList<>();
    public Instant createdAt;
    public Instant updatedAt;

    public static class Turn {
        /** user or assistant */
        public String role;
        public String content;
        public Instant at;

        public Turn() {
        }

        public Turn(String role, String content, Instant at) {
            this.role = role;
            this.content = content;
            this.at = at;
        }
    }
}
