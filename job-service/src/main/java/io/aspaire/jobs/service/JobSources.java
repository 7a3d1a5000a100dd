package io.aspaire.jobs.service;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import io.aspaire.jobs.client.JobSource;

/**
 * Every {@link JobSource} bean of the application, in name order (the order in which a run asks them, so the first
 * source to see a job is the same every time). Adding a source is adding a bean: nothing here changes.
 */
@ApplicationScoped
public class JobSources {

    private final List<JobSource> all;

    public JobSources(@Any Instance<JobSource> beans) {
        this.all = beans.stream().sorted(Comparator.comparing(JobSource::name)).toList();
        Set<String> names = new HashSet<>();
        for (JobSource s : all) {
            // the name goes into SQL literals (ListingStore) and metric tags: keep it to a safe alphabet
            if (!s.name().matches("[A-Z][A-Z0-9_]{0,19}") || !names.add(s.name())) {
                throw new IllegalStateException("job source name must be unique and match [A-Z][A-Z0-9_]{0,19}: "
                        + s.name());
            }
        }
    }

    public List<JobSource> all() {
        return all;
    }

    public List<String> names() {
        return all.stream().map(JobSource::name).toList();
    }

    public Optional<JobSource> named(String name) {
        return all.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Sources whose posting dates are relative to the fetch: their first date seen is kept. */
    public Set<String> relativeDateSources() {
        Set<String> out = new HashSet<>();
        all.stream().filter(JobSource::relativeDates).forEach(s -> out.add(s.name()));
        return out;
    }
}
