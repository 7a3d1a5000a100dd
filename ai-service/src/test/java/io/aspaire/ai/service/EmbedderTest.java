package io.aspaire.ai.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The embedder leaves nothing behind: its model's native-library folder goes when it closes. */
class EmbedderTest {

    @Test
    void closingRemovesTheModelsNativeLibraryFolder() throws Exception {
        Embedder embedder = new Embedder(1, 2, Duration.ofMinutes(1));
        try {
            assertEquals(Embedder.DIMENSIONS, embedder.embedNow("Kotlin backend engineer").length);
            Path folder = embedder.engineCache();
            assertNotNull(folder, "the model was loaded with its own native-library folder");
            try (Stream<Path> files = Files.walk(folder)) {
                assertTrue(files.anyMatch(Files::isRegularFile), "the tokenizer's library was extracted to " + folder);
            }
        } finally {
            embedder.close();
        }
        assertFalse(Files.exists(embedder.engineCache()), embedder.engineCache() + " is left behind");
    }
}
