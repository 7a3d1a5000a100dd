package io.aspaire.e2e;

import static io.aspaire.e2e.RunningSuite.dataDir;
import static io.aspaire.e2e.RunningSuite.output;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A service that dies under README command (a)'s launcher is reported (which, how, its log) and restarted on its port
 * (issue 10 #12): kill -9 of pipeline-service, then its health answers again, served by a new process.
 */
@Order(3)
@ExtendWith(RunningSuite.Started.class)
class ServiceRestartTest {

    @RegisterExtension
    static final RunningSuite.FailureWatcher WATCHER = new RunningSuite.FailureWatcher();

    static final String SERVICE = "pipeline-service";

    @Test
    void aKilledServiceIsReportedAndRestartedByTheLauncher() throws Exception {
        Path pidFile = dataDir.resolve("pids/" + SERVICE + ".pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle service = ProcessHandle.of(pid).orElseThrow();
        int reportsBefore = output.size();

        service.destroyForcibly(); // SIGKILL, as kill -9
        await("the killed process is gone").atMost(Duration.ofSeconds(10)).until(() -> !service.isAlive());

        await("the launcher reports the death and the restart").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250)).until(() -> lines(reportsBefore).stream()
                        .anyMatch(l -> l.contains(SERVICE + " restarted (pid ") && l.contains("and ready")));
        List<String> reported = lines(reportsBefore);
        System.out.println("[e2e] launcher after kill -9 of " + SERVICE + ":\n  " + String.join("\n  ", reported));
        assertTrue(reported.stream().anyMatch(l -> l.contains(SERVICE + " (pid " + pid + ") died unexpectedly")
                && l.contains("its log:")), "the death is reported with its pid and log: " + reported);

        long newPid = Long.parseLong(Files.readString(pidFile).trim());
        assertNotEquals(pid, newPid, "a new process serves " + SERVICE);
        String base = RunningSuite.url(SERVICE);
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "/q/health/ready")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
    }

    private static List<String> lines(int from) {
        List<String> all = List.copyOf(output);
        return all.subList(Math.min(from, all.size()), all.size());
    }
}
