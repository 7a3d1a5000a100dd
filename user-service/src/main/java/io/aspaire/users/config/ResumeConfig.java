package io.aspaire.users.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Resume uploads (prefix {@code aspaire.users.resume}); what extraction may spend on a file is {@link ExtractionLimits}
 * ({@code aspaire.users.resume.extraction}).
 */
@ConfigMapping(prefix = "aspaire.users.resume")
public interface ResumeConfig {

    /** The largest file accepted, in bytes (5 MB; {@code quarkus.http.limits.max-body-size} leaves room for it). */
    @WithDefault("5242880")
    long maxUploadBytes();
}
