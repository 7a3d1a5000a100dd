package io.aspaire.users.domain;

import java.util.List;

/**
 * preferences.watched_companies as stored: {@code {"companies": [...]}}. An object, not a bare array, because
 * Hibernate Reactive binds JSON columns as Vert.x JSON objects (a top-level array fails to bind).
 */
public record WatchedCompanyList(List<WatchedCompany> companies) {

    public List<WatchedCompany> list() {
        return companies == null ? List.of() : List.copyOf(companies);
    }
}
