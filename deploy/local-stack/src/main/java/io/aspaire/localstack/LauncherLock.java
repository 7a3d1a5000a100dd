package io.aspaire.localstack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who owns a data folder: an operating-system lock on {@code <data folder>/launcher.lock}, held as long as the launcher
 * runs. The operating system releases it when the process ends however it ends (even SIGKILL), so "the lock is free"
 * means "no live launcher uses this folder", unlike a pid file, which survives its process. Only the holder may reap
 * what an earlier run left behind. The file also tells a refused start who the owner is (pid, start time, addresses).
 */
final class LauncherLock implements AutoCloseable {

    static final String FILE_NAME = "launcher.lock";

    private final FileChannel channel;
    private final FileLock lock;
    private final Map<String, String> facts = new LinkedHashMap<>();

    private LauncherLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Thrown when a live launcher holds the folder; nothing has been started or stopped. */
    static final class DataFolderInUseException extends IllegalStateException {
        DataFolderInUseException(String message) {
            super(message);
        }
    }

    /**
     * Takes the folder, or refuses when a live launcher holds it.
     *
     * @throws DataFolderInUseException naming the owner (pid, start time, its addresses)
     */
    static LauncherLock acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        // no TRUNCATE: the owner's description must stay readable for the start that is refused
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this very JVM holds it already
        }
        if (lock == null) {
            channel.close();
            throw new DataFolderInUseException(refusal(dataDir, readFacts(file)));
        }
        LauncherLock owner = new LauncherLock(channel, lock);
        owner.record(Map.of("pid", Long.toString(ProcessHandle.current().pid())));
        owner.record(Map.of("started", Instant.now().toString()));
        return owner;
    }

    /**
     * Whether a live launcher owns {@code dataDir} (for a command sent to it): its lock is held. Tried with a lock
     * taken and released at once, nothing written.
     */
    static boolean isHeld(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // this very JVM owns it
        }
    }

    /** Adds facts about this launcher (addresses, mode) to what a refused start will print. */
    synchronized void record(Map<String, String> more) throws IOException {
        facts.putAll(more);
        StringBuilder text = new StringBuilder();
        facts.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        // written through the locked channel: closing any other handle on this file would drop the POSIX lock
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel.isOpen()) {
            channel.truncate(0);
            lock.release();
            channel.close();
        }
    }

    private static Map<String, String> readFacts(Path file) {
        Map<String, String> facts = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    facts.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            // the owner is named as unknown below
        }
        return facts;
    }

    private static String refusal(Path dataDir, Map<String, String> owner) {
        String pid = owner.getOrDefault("pid", "unknown (still starting)");
        StringBuilder message = new StringBuilder()
                .append("the data folder ").append(dataDir).append(" is in use by a running launcher (pid ")
                .append(pid);
        if (owner.containsKey("started")) {
            message.append(", started ").append(owner.get("started"));
        }
        if (owner.containsKey("mode")) {
            message.append(", mode ").append(owner.get("mode"));
        }
        message.append(")");
        owner.forEach((k, v) -> {
            if (!k.equals("pid") && !k.equals("started") && !k.equals("mode")) {
                message.append("\n  ").append(k).append(": ").append(v);
            }
        });
        message.append("\nNothing was started or stopped. Use that suite, stop it first (Ctrl-C in its terminal, or kill ")
                .append(owner.getOrDefault("pid", "<pid>"))
                .append("), or run a second suite beside it: ASPAIRE_DATA_DIR=<another folder> ASPAIRE_PORTS=free");
        return message.toString();
    }
}
