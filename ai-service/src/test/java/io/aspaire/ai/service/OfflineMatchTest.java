package io.aspaire.ai.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Nothing of the match score leaves the process: {@link OfflineProbe} runs the match path from a cold start in a
 * JVM where every network permission is refused, so any connection or name lookup -- the model fetched from a hub,
 * a tokenizer download, telemetry -- fails the probe (and is listed even where a library swallows the error).
 */
class OfflineMatchTest {

    private record Run(int exit, String output) {
    }

    private static Run probe(String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Djava.security.manager=allow", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), OfflineProbe.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the probe did not finish");
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void theMatchPathMakesNoNetworkCall() throws Exception {
        Run run = probe();
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("guard: active"), run.output());
        assertTrue(run.output().contains("refused: []"), run.output());
        assertTrue(run.output().contains("top=java"), run.output());
    }

    @Test
    void theProbeFailsOnAnOutboundConnection() throws Exception {
        Run run = probe("--reach-out");
        assertNotEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("network access refused: huggingface.co"), run.output());
    }
}
