package io.aspaire.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/**
 * Commands to a running launcher, through its data folder: {@code java -jar aspaire-local-stack.jar pause <piece>
 * <seconds>} writes a request into {@code <data folder>/control/}, the launcher that owns the folder carries it out
 * ({@link Supervisor#pause}) and answers beside it; the command prints the answer. A file rather than a port: only
 * who may write the data folder can command its launcher, and there is nothing more to find or secure.
 * <p>
 * Request {@code <id>.request}: one line, {@code pause <piece> <seconds> [--kill]} ({@code --kill}: SIGKILL instead
 * of the orderly stop, a crash as {@code kill -9}). Answer {@code <id>.answer}: first line
 * {@code done}, {@code refused} (the request cannot be carried out: unknown piece, piece not running) or
 * {@code failed} (it could not be started again), then what happened. Both are written whole (a temporary file
 * renamed), so neither side ever reads half a file.
 */
final class LauncherControl {

    static final String FOLDER = "control";
    /** The longest stop a request may ask for. */
    static final int MAX_SECONDS = 3600;
    /** Exit codes of the command. */
    static final int EXIT_DONE = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_REFUSED = 5;
    static final String USAGE = "usage: java -jar aspaire-local-stack.jar pause <piece> <seconds> [--kill]   (piece: "
            + "postgresql, kafka, user-service, job-service, pipeline-service, ai-service or gateway; --kill: SIGKILL "
            + "instead of the orderly stop)";

    private static final Duration POLL = Duration.ofMillis(200);

    private LauncherControl() {
    }

    /** A parsed {@code pause} request. */
    record Pause(String piece, int seconds, boolean kill) {

        static Pause parse(List<String> words) {
            boolean kill = words.size() == 4 && words.get(3).equals("--kill");
            if (words.size() != (kill ? 4 : 3) || !words.get(0).equals("pause")) {
                throw new IllegalArgumentException(USAGE);
            }
            int seconds;
            try {
                seconds = Integer.parseInt(words.get(2));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("seconds must be a whole number, got '" + words.get(2) + "'");
            }
            if (seconds < 0 || seconds > MAX_SECONDS) {
                throw new IllegalArgumentException("seconds must be between 0 and " + MAX_SECONDS + ", got " + seconds);
            }
            return new Pause(words.get(1), seconds, kill);
        }

        String line() {
            return "pause " + piece + " " + seconds + (kill ? " --kill" : "");
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // The launcher's side
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Carries out the requests that appear in the data folder's control folder, one at a time, until the launcher
     * exits. Requests left by an earlier launcher are dropped: nobody waits for them any more.
     */
    static void serve(Path dataDir, Supervisor supervisor) throws IOException {
        Path folder = dataDir.resolve(FOLDER);
        Files.createDirectories(folder);
        try (var stale = Files.list(folder)) {
            for (Path file : stale.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Thread thread = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(POLL.toMillis());
                    try (var files = Files.list(folder)) {
                        for (Path request : files.filter(f -> f.toString().endsWith(".request")).sorted().toList()) {
                            answer(request, supervisor);
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    System.out.println("[local-stack] control: " + e);
                }
            }
        }, "local-stack-control");
        thread.setDaemon(true);
        thread.start();
    }

    private static void answer(Path request, Supervisor supervisor) throws IOException {
        String line = Files.readString(request, StandardCharsets.UTF_8).trim();
        Files.deleteIfExists(request);
        Path answer = answerFile(request);
        Pause pause;
        try {
            pause = Pause.parse(List.of(line.split("\\s+")));
        } catch (IllegalArgumentException e) {
            write(answer, "refused\n" + e.getMessage());
            return;
        }
        System.out.println("[local-stack] control: " + pause.line());
        try {
            String done = supervisor.pause(pause.piece(), Duration.ofSeconds(pause.seconds()), pause.kill()).join();
            write(answer, "done\n" + done);
        } catch (CompletionException e) {
            Throwable why = e.getCause();
            boolean refused = why instanceof IllegalArgumentException || why instanceof IllegalStateException;
            write(answer, (refused ? "refused\n" : "failed\n") + why.getMessage());
        }
    }

    private static Path answerFile(Path request) {
        String name = request.getFileName().toString();
        return request.resolveSibling(name.substring(0, name.length() - ".request".length()) + ".answer");
    }

    /** Written whole: a temporary file renamed in place. */
    private static void write(Path file, String content) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, content + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // The command's side
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Sends {@code words} ({@code pause <piece> <seconds> [--kill]}) to the launcher that owns {@code dataDir}, waits for its
     * answer, prints it and returns the command's exit code.
     */
    static int send(Path dataDir, List<String> words) throws IOException, InterruptedException {
        Pause pause;
        try {
            pause = Pause.parse(words);
        } catch (IllegalArgumentException e) {
            System.err.println("[local-stack] " + e.getMessage());
            return EXIT_USAGE;
        }
        if (!LauncherLock.isHeld(dataDir)) {
            System.err.println("[local-stack] no launcher runs on the data folder " + dataDir
                    + " (start one, or set ASPAIRE_DATA_DIR to the folder of the one that runs)");
            return EXIT_FAILED;
        }
        Path folder = dataDir.resolve(FOLDER);
        Files.createDirectories(folder);
        String id = System.currentTimeMillis() + "-" + UUID.randomUUID();
        Path answer = folder.resolve(id + ".answer");
        write(folder.resolve(id + ".request"), pause.line());
        System.out.println("[local-stack] asked the launcher to " + pause.line());
        // the stop, the pause and the start (a service waits for its readiness: up to 90 s)
        long deadline = System.nanoTime() + Duration.ofSeconds(pause.seconds() + 180L).toNanos();
        long nextOwnerCheck = 0;
        while (!Files.exists(answer)) {
            if (System.nanoTime() > deadline) {
                System.err.println("[local-stack] no answer from the launcher in time");
                return EXIT_FAILED;
            }
            if (System.nanoTime() > nextOwnerCheck) {
                if (!LauncherLock.isHeld(dataDir)) {
                    System.err.println("[local-stack] the launcher is gone before it answered");
                    return EXIT_FAILED;
                }
                nextOwnerCheck = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            }
            Thread.sleep(POLL.toMillis());
        }
        List<String> lines = Files.readAllLines(answer, StandardCharsets.UTF_8);
        Files.deleteIfExists(answer);
        String outcome = lines.isEmpty() ? "failed" : lines.get(0);
        String message = String.join("\n", lines.subList(Math.min(1, lines.size()), lines.size()));
        switch (outcome) {
            case "done" -> {
                System.out.println("[local-stack] " + message);
                return EXIT_DONE;
            }
            case "refused" -> {
                System.err.println("[local-stack] refused: " + message);
                return EXIT_REFUSED;
            }
            default -> {
                System.err.println("[local-stack] failed: " + message);
                return EXIT_FAILED;
            }
        }
    }
}
