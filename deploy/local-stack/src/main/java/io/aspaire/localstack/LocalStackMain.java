package io.aspaire.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The no-Docker local stack: {@code java -jar deploy/local-stack/target/aspaire-local-stack.jar [up|infra]}.
 * <ul>
 * <li>{@code up} (default): PostgreSQL, Kafka, MongoDB, then the five services from their built
 * {@code target/quarkus-app}, waiting until every {@code /q/health/ready} is UP, then prints the URLs.</li>
 * <li>{@code infra}: only the servers (run the services yourself, e.g. in {@code quarkus:dev}).</li>
 * <li>{@code pause <piece> <seconds>}: not a launcher but a command to the one running on the data folder
 * ({@link LauncherControl}): stop that piece in an orderly way, leave it down that long, start it again.</li>
 * </ul>
 * Data, logs, keys and pid files live in {@code .aspaire/} at the repository root. Ctrl-C stops every process it
 * started; a start after a crash first stops whatever the crashed run left behind. A start while a live launcher owns
 * the data folder ({@link LauncherLock}) touches nothing and exits with {@link #EXIT_FOLDER_IN_USE}. A process that
 * dies meanwhile is reported and restarted ({@link Supervisor}); one that keeps dying ends the launcher with
 * {@link Supervisor#EXIT_GAVE_UP}.
 */
public final class LocalStackMain {

    /** Exit code of a start refused because a live launcher owns the data folder. */
    static final int EXIT_FOLDER_IN_USE = 3;

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (LauncherLock.DataFolderInUseException e) {
            System.err.println("[local-stack] refused: " + e.getMessage());
            System.exit(EXIT_FOLDER_IN_USE);
        } catch (Exception | Error e) {
            // Exit explicitly: the embedded servers' threads would keep a failed launcher alive forever. The
            // shutdown hook then stops whatever was started.
            System.err.println("[local-stack] failed: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "up";
        if (!mode.equals("up") && !mode.equals("infra") && !mode.equals("pause")) {
            System.err.println("usage: java -jar aspaire-local-stack.jar [up|infra]\n   or: "
                    + LauncherControl.USAGE.substring("usage: ".length()));
            System.exit(2);
        }
        Path root = repositoryRoot();
        Path dataDir = Path.of(System.getenv().getOrDefault("ASPAIRE_DATA_DIR", root.resolve(".aspaire").toString()));
        if (mode.equals("pause")) {
            // a command to the launcher that runs on this data folder, not a launcher
            System.exit(LauncherControl.send(dataDir, List.of(args)));
        }
        long started = System.nanoTime();
        int restarts = Supervisor.restartsFrom(System.getenv("ASPAIRE_RESTARTS"));
        // ASPAIRE_PORTS=free: every server and service on a free port (for a second stack beside a running one, and
        // for the end-to-end test of this very command)
        boolean freePorts = "free".equals(System.getenv("ASPAIRE_PORTS"));
        Infrastructure infra = freePorts
                ? Infrastructure.start(dataDir, true, 0, 0, 0, System.getenv())
                : Infrastructure.start(dataDir, true, 15432, 19092, 27018, System.getenv());
        infra.owner().record(Map.of("mode", mode));
        System.out.println("[local-stack] data folder " + dataDir + " (owned by this launcher, pid "
                + ProcessHandle.current().pid() + ")");
        infra.describe().forEach(line -> System.out.println("[local-stack] " + line));
        Supervisor supervisor = new Supervisor(restarts, infra.processes()::stopping);
        infra.supervise(supervisor);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("[local-stack] stopping...");
            try {
                infra.close();
            } catch (IOException ignored) {
                // exiting
            }
            System.out.println("[local-stack] stopped");
        }));

        if (mode.equals("up")) {
            Suite suite = Suite.start(root, dataDir.resolve("logs"), infra,
                    freePorts ? Suite.freePorts() : Suite.defaultPorts(), passThrough());
            System.out.printf("[local-stack] all services ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
            suite.supervise(supervisor);
            Map<String, String> urls = new LinkedHashMap<>();
            for (SuiteService s : SuiteService.values()) {
                urls.put(s.module, suite.url(s));
            }
            infra.owner().record(urls);
            printUrls(suite);
        } else {
            infra.serviceEnvironment().forEach((k, v) -> System.out.println("export " + k + "=" + v));
        }
        LauncherControl.serve(dataDir, supervisor);
        System.out.println(restarts == 0
                ? "[local-stack] a process that dies stops everything (ASPAIRE_RESTARTS=0)"
                : "[local-stack] a process that dies is restarted, up to " + restarts + " times in a row");
        System.out.println("[local-stack] one piece stops for a while with: java -jar "
                + "deploy/local-stack/target/aspaire-local-stack.jar pause <piece> <seconds>");
        System.out.println("[local-stack] running; Ctrl-C stops everything");
        new CountDownLatch(1).await();
    }

    /** Settings for external APIs are handed through when the user set them (keys only from the environment). */
    private static Map<String, String> passThrough() {
        Map<String, String> env = new LinkedHashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("OPENAI_") || k.startsWith("SERPAPI_") || k.startsWith("REMOTIVE_")
                    || k.startsWith("ASPAIRE_JWT_")) {
                env.put(k, v);
            }
        });
        return env;
    }

    private static void printUrls(Suite suite) {
        System.out.println();
        String gateway = suite.url(SuiteService.GATEWAY);
        System.out.println("  gateway GraphQL    " + gateway + "/graphql   (UI: " + gateway + "/graphiql)");
        for (SuiteService s : SuiteService.subgraphs()) {
            String base = suite.url(s);
            System.out.printf("  %-18s %s/graphql   REST %s   health %s/q/health%n", s.module, base, s.api, base);
        }
        System.out.println();
    }

    private static Path repositoryRoot() {
        String configured = System.getProperty("aspaire.home", System.getenv("ASPAIRE_HOME"));
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("deploy/local-stack")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("run from the AspAIre repository (or set ASPAIRE_HOME)");
    }
}
