package io.aspaire.jobs.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import io.aspaire.jobs.client.BoardSource;
import io.aspaire.jobs.client.JobSource;
import io.aspaire.jobs.client.ListingSource;

/**
 * Every source bean of the application: the searched {@link JobSource}s and the company {@link BoardSource}s, each
 * kind in name order (the order in which a run asks them, searches first, so the first source to see a job is the
 * same every time). Adding a source is adding a bean: nothing here changes.
 */
@ApplicationScoped
public class JobSources {

    private final List<JobSource> all;
    private final List<BoardSource> boards;

    public JobSources(@Any Instance<JobSource> searched, @Any Instance<BoardSource> boards) {
        this.all = searched.stream().sorted(Comparator.comparing(JobSource::name)).toList();
        this.boards = boards.stream().sorted(Comparator.comparing(BoardSource::name)).toList();
        Set<String> names = new HashSet<>();
        for (ListingSource s : listingSources()) {
            // the name goes into SQL literals (ListingStore) and metric tags: keep it to a safe alphabet
            if (!s.name().matches("[A-Z][A-Z0-9_]{0,19}") || !names.add(s.name())) {
                throw new IllegalStateException("job source name must be unique and match [A-Z][A-Z0-9_]{0,19}: "
                        + s.name());
            }
        }
    }

    /** The searched sources. */
    public List<JobSource> all() {
        return all;
    }

    /** The company job boards' sources (one per applicant-tracking system). */
    public List<BoardSource> boards() {
        return boards;
    }

    /** Every source, searched ones first: the order of a run and of its report. */
    public List<ListingSource> listingSources() {
        List<ListingSource> out = new ArrayList<>(all);
        out.addAll(boards);
        return out;
    }

    /** Every source's name, in alphabetical order. */
    public List<String> names() {
        return listingSources().stream().map(ListingSource::name).sorted().toList();
    }

    public Optional<ListingSource> named(String name) {
        return listingSources().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<BoardSource> board(String name) {
        return boards.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Sources whose posting dates are relative to the fetch: their first date seen is kept. */
    public Set<String> relativeDateSources() {
        Set<String> out = new HashSet<>();
        listingSources().stream().filter(ListingSource::relativeDates).forEach(s -> out.add(s.name()));
        return out;
    }
}
