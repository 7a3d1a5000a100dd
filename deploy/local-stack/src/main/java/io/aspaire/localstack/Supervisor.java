package io.aspaire.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Watches the processes the launcher started (the five services, the Kafka broker, PostgreSQL). When one dies while
 * the launcher is not stopping, it says so (which one, how it ended, where its log is) and starts it again on the same
 * port and data once the pause has passed (1 s, 2 s, 4 s, ...), at most {@code restarts} times in a row; a process that
 * then runs for {@link #STABLE} counts as recovered and gets its full allowance back. When the allowance is used up
 * (or is 0, {@code ASPAIRE_RESTARTS=0}) the launcher stops everything and exits with {@link #EXIT_GAVE_UP}.
 * Restarts run one at a time.
 * <p>
 * A piece can also be stopped on request for a while and started again on the same port and data
 * ({@link #pause}, the launcher's {@code pause} command through {@link LauncherControl}): a failure drill's "the
 * database is down for 5 s". That stop is expected, so it is neither reported as a death nor counted as a restart.
 */
final class Supervisor {

    /** The launcher's exit code when a process kept dying. */
    static final int EXIT_GAVE_UP = 4;
    static final int DEFAULT_RESTARTS = 3;
    static final Duration STABLE = Duration.ofMinutes(10);

    private static final String PREFIX = "[local-stack] ";

    private final int restarts;
    private final BooleanSupplier stopping;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-stack-supervisor");
        t.setDaemon(true);
        return t;
    });

    /** Starts a piece again on the same port and data and returns once it is ready. */
    interface Restart {
        Run start() throws Exception;
    }

    /** Stops a running piece in an orderly way (a stop on request); returns once it has stopped. */
    interface Stop {
        void stop(Run run) throws Exception;

        /** SIGTERM, then SIGKILL after 15 s: the broker and the services shut down in order on SIGTERM. */
        Stop TERMINATE = run -> ProcessHandle.of(run.pid()).ifPresent(ChildProcesses::stop);
    }

    /** One run of a piece: its pid, and a future completed with how it ended. */
    record Run(long pid, long startedNanos, CompletableFuture<String> ended) {

        /** A process this JVM started: its exit code is known (137 = killed with SIGKILL). */
        static Run of(Process process) {
            return new Run(process.pid(), System.nanoTime(),
                    process.onExit().thenApply(p -> "exit code " + p.exitValue()));
        }

        /**
         * A process that is not our child (PostgreSQL's postmaster, started by pg_ctl): polled every second. A zombie
         * counts as ended, since nobody may reap it.
         */
        static Run ofOther(ProcessHandle process) {
            CompletableFuture<String> ended = new CompletableFuture<>();
            ScheduledFuture<?> poll = POLLER.scheduleWithFixedDelay(() -> {
                if (!ChildProcesses.isRunning(process)) {
                    ended.complete("no exit code: not a direct child of the launcher");
                }
            }, 1, 1, TimeUnit.SECONDS);
            ended.whenComplete((how, e) -> poll.cancel(false));
            return new Run(process.pid(), System.nanoTime(), ended);
        }
    }

    private static final ScheduledExecutorService POLLER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-stack-process-poll");
        t.setDaemon(true);
        return t;
    });

    /** A watched piece, its current run and its restarts in a row. */
    private static final class Piece {
        final String name;
        final Path log;
        final Stop stop;
        final Restart restart;
        int restartsInARow;
        /** The run being watched (null while the piece is down between runs). */
        volatile Run current;
        /** The run that was stopped on request: its end is expected. */
        volatile Run stoppedOnRequest;

        Piece(String name, Path log, Stop stop, Restart restart) {
            this.name = name;
            this.log = log;
            this.stop = stop;
            this.restart = restart;
        }
    }

    /** The watched pieces by name (kafka, postgresql, user-service, ..., gateway). */
    private final Map<String, Piece> pieces = new ConcurrentHashMap<>();

    /**
     * @param restarts how many restarts in a row a piece gets (0 = exit at the first death)
     * @param stopping true once the launcher stops its processes itself: their exits are expected then
     */
    Supervisor(int restarts, BooleanSupplier stopping) {
        this.restarts = restarts;
        this.stopping = stopping;
    }

    /** ASPAIRE_RESTARTS, or {@link #DEFAULT_RESTARTS}. */
    static int restartsFrom(String configured) {
        if (configured == null || configured.isBlank()) {
            return DEFAULT_RESTARTS;
        }
        try {
            int value = Integer.parseInt(configured.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("ASPAIRE_RESTARTS must be a whole number >= 0, got '" + configured + "'");
    }

    /**
     * Watches {@code run} of the piece called {@code name}; {@code stop} stops it on request, {@code restart} starts
     * it again.
     */
    void watch(String name, Path log, Run run, Stop stop, Restart restart) {
        Piece piece = new Piece(name, log, stop, restart);
        pieces.put(name, piece);
        follow(piece, run);
    }

    /** The names of the pieces a {@link #pause} may name. */
    TreeSet<String> pieceNames() {
        return new TreeSet<>(pieces.keySet());
    }

    /**
     * Stops the piece called {@code name} in an orderly way (PostgreSQL: fast shutdown; the broker and the services:
     * SIGTERM), or with SIGKILL when {@code kill} (a crash, as {@code kill -9}), leaves it down for {@code downFor},
     * then starts it again on the same port and data and waits until it is ready. The returned future says what
     * happened, or fails with why it could not.
     */
    CompletableFuture<String> pause(String name, Duration downFor, boolean kill) {
        Piece piece = pieces.get(name);
        if (piece == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "no piece called '" + name + "' is run by this launcher; it runs " + pieceNames()));
        }
        CompletableFuture<String> result = new CompletableFuture<>();
        worker.execute(() -> {
            Run run = piece.current;
            if (stopping.getAsBoolean() || jvmShuttingDown()) {
                result.completeExceptionally(new IllegalStateException("the launcher is stopping"));
                return;
            }
            if (run == null || run.ended().isDone()) {
                result.completeExceptionally(new IllegalStateException(name + " is not running now (restarting?)"));
                return;
            }
            piece.stoppedOnRequest = run;
            String how = kill ? "killing (SIGKILL)" : "stopping";
            say("%s %s (pid %d) on request, down for %d s", how, name, run.pid(), downFor.toSeconds());
            long stopStarted = System.nanoTime();
            try {
                if (kill) {
                    ProcessHandle.of(run.pid()).ifPresent(ProcessHandle::destroyForcibly);
                } else {
                    piece.stop.stop(run);
                }
                run.ended().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                // whatever went wrong, the piece must not stay half-up: kill it, then restart as planned
                say("orderly stop of %s failed (%s): killing pid %d", name, e, run.pid());
                ProcessHandle.of(run.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
            double stoppedIn = (System.nanoTime() - stopStarted) / 1e9;
            say("%s stopped on request in %.1f s; starting it again in %d s", name, stoppedIn, downFor.toSeconds());
            piece.current = null;
            worker.schedule(() -> {
                if (stopping.getAsBoolean() || jvmShuttingDown()) {
                    result.completeExceptionally(new IllegalStateException("the launcher is stopping"));
                    return;
                }
                long startStarted = System.nanoTime();
                try {
                    Run next = piece.restart.start();
                    String done = String.format("%s %s (pid %d, %.1f s), down %d s, started again (pid %d) "
                            + "and ready in %.1f s", name, kill ? "killed" : "stopped", run.pid(), stoppedIn,
                            downFor.toSeconds(), next.pid(),
                            (System.nanoTime() - startStarted) / 1e9);
                    say("%s", done);
                    follow(piece, next);
                    result.complete(done);
                } catch (Exception | Error e) {
                    say("start of %s after a stop on request failed: %s (see %s)", name, e.getMessage(), piece.log);
                    result.completeExceptionally(e);
                    scheduleRestart(piece);
                }
            }, downFor.toMillis(), TimeUnit.MILLISECONDS);
        });
        return result;
    }

    private void follow(Piece piece, Run run) {
        piece.current = run;
        run.ended().thenAccept(how -> worker.execute(() -> died(piece, run, how)));
    }

    private void died(Piece piece, Run run, String how) {
        if (stopping.getAsBoolean() || jvmShuttingDown() || run == piece.stoppedOnRequest) {
            return;
        }
        piece.current = null;
        say("%s (pid %d) died unexpectedly (%s); its log: %s", piece.name, run.pid(), how, piece.log);
        if (System.nanoTime() - run.startedNanos() >= STABLE.toNanos()) {
            piece.restartsInARow = 0;
        }
        scheduleRestart(piece);
    }

    private void scheduleRestart(Piece piece) {
        if (piece.restartsInARow >= restarts) {
            if (restarts == 0) {
                say("restarts are off (ASPAIRE_RESTARTS=0): stopping everything, exit code %d", EXIT_GAVE_UP);
            } else {
                say("%s still down after %d restarts in a row: stopping everything, exit code %d", piece.name,
                        restarts, EXIT_GAVE_UP);
            }
            // not on this thread: exit runs the shutdown hooks, which wait for processes whose exits land here
            new Thread(() -> System.exit(EXIT_GAVE_UP), "local-stack-give-up").start();
            return;
        }
        piece.restartsInARow++;
        long pause = 1L << (piece.restartsInARow - 1);
        say("restarting %s in %d s (restart %d of %d)", piece.name, pause, piece.restartsInARow, restarts);
        worker.schedule(() -> restart(piece), pause, TimeUnit.SECONDS);
    }

    private void restart(Piece piece) {
        if (stopping.getAsBoolean() || jvmShuttingDown()) {
            return;
        }
        try {
            Run next = piece.restart.start();
            say("%s restarted (pid %d) and ready", piece.name, next.pid());
            follow(piece, next);
        } catch (Exception | Error e) {
            say("restart of %s failed: %s (see %s)", piece.name, e.getMessage(), piece.log);
            scheduleRestart(piece);
        }
    }

    private static void say(String format, Object... args) {
        System.out.println(PREFIX + String.format(format, args));
    }

    /**
     * The launcher is exiting (Ctrl-C, SIGTERM): every shutdown hook runs at once, and PostgreSQL's own hook may stop
     * it before ours marks the stop as expected. The JVM refuses new shutdown hooks from then on.
     */
    private static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> {
        });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
