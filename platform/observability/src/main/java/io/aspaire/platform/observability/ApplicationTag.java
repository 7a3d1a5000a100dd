package io.aspaire.platform.observability;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Every meter of a service carries {@code application="<quarkus.application.name>"}, so dashboards can sum or split
 * by service whatever the scrape labels are. Not called {@code service}: a ServiceMonitor target already has a
 * {@code service} label (the Kubernetes Service), and Prometheus would rename ours to {@code exported_service}.
 */
public class ApplicationTag {

    @Produces
    @Singleton
    MeterFilter applicationTag(@ConfigProperty(name = "quarkus.application.name") String application) {
        return MeterFilter.commonTags(java.util.List.of(io.micrometer.core.instrument.Tag.of("application", application)));
    }
}
