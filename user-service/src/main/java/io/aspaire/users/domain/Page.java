package io.aspaire.users.domain;

import java.util.List;

/** One page of a REST list. */
public record Page<T>(List<T> items, int page, int size, long total) {
}
