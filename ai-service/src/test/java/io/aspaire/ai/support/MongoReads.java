package io.aspaire.ai.support;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

/**
 * Every read command (find, aggregate, count) the service sends to MongoDB while a test records: the Quarkus MongoDB
 * extension registers each CommandListener on the client it builds, this one included in the test application.
 * Static: the extension, not CDI, creates the instance.
 */
public class MongoReads implements CommandListener {

    private static final List<String> READS = new CopyOnWriteArrayList<>();
    private static volatile boolean recording;

    @Override
    public void commandStarted(CommandStartedEvent event) {
        if (recording && List.of("find", "aggregate", "count").contains(event.getCommandName())) {
            READS.add(event.getCommandName() + " " + event.getCommand().toJson());
        }
    }

    public static void start() {
        READS.clear();
        recording = true;
    }

    public static void stop() {
        recording = false;
    }

    /** The recorded reads of {@code collection} whose command names any of {@code values} (e.g. the job ids). */
    public static List<String> of(String collection, Collection<String> values) {
        return READS.stream()
                .filter(r -> r.contains("\"" + collectionKey(r) + "\": \"" + collection + "\""))
                .filter(r -> values.stream().anyMatch(r::contains))
                .toList();
    }

    private static String collectionKey(String read) {
        return read.substring(0, read.indexOf(' '));
    }
}
