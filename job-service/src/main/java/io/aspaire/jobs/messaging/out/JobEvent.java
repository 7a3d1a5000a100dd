package io.aspaire.jobs.messaging.out;

import io.aspaire.jobs.domain.NormalizedJob;

import java.math.BigDecimal;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** JobIngested / JobUpdated payload (docs/events.md, aspaire.jobs.v1). */
@RegisterForReflection
public record JobEvent(String jobId, String source, String externalId, String title, String company, String location,
        boolean remote, String jobType, BigDecimal salaryMin, BigDecimal salaryMax, String salaryCurrency,
        String salaryPeriod, String description, String applyUrl, String postedAt, List<String> tags) {

    public static JobEvent of(String jobId, NormalizedJob j) {
        return new JobEvent(jobId, j.source(), j.externalId(), j.title(), j.company(), j.location(), j.remote(),
                j.jobType(), j.salary().min(), j.salary().max(), j.salary().currency(), j.salary().period(),
                j.description(), j.applyUrl(), j.postedAt() == null ? null : j.postedAt().toString(), j.tags());
    }
}
