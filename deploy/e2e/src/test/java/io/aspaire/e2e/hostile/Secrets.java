package io.aspaire.e2e.hostile;

import java.util.List;

/**
 * What user A must never get back: the marker every text of user B's data carries (checked in the whole answer), and
 * B's ids (checked in answered data only: an error may name the id the request itself sent).
 *
 * @param marker lower-case text only B's data contains
 * @param ids    B's own ids (user, resume, application, note, reminder)
 */
public record Secrets(String marker, List<String> ids) {
}
