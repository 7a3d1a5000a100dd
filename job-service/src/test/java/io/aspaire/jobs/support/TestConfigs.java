package io.aspaire.jobs.support;

import java.util.Optional;

import io.aspaire.jobs.config.SerpApiConfig;

/** Configuration objects for sources built by hand in tests (as a deployment would configure them). */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static SerpApiConfig serpApi(Optional<String> apiKey) {
        return new SerpApiConfig() {
            @Override
            public Optional<String> apiKey() {
                return apiKey;
            }

            @Override
            public int budget() {
                return 10;
            }

            @Override
            public int maxPages() {
                return 2;
            }
        };
    }
}
