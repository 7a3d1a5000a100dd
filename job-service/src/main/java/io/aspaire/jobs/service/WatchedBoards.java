package io.aspaire.jobs.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.jobs.domain.WatchedBoard;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * watched_boards: which company boards each user watches (from PreferencesChanged, full state), and the rotation
 * that gives a run each watched board once, however many users watch it. Every method runs inside the caller's
 * session or transaction.
 */
@ApplicationScoped
public class WatchedBoards {

    private final JobSources sources;

    public WatchedBoards(JobSources sources) {
        this.sources = sources;
    }

    /**
     * Makes the user's watched boards exactly {@code boards} (those of an ATS no source reads are dropped); a board
     * still watched keeps its rotation history. Inside a transaction.
     */
    public Uni<Void> replace(UUID userId, List<WatchedBoard> boards) {
        Map<String, WatchedBoard> wanted = new LinkedHashMap<>();
        for (WatchedBoard b : boards) {
            if (!b.board().isEmpty() && sources.board(b.ats()).isPresent()) {
                wanted.putIfAbsent(b.ats() + "/" + b.board(), b);
            }
        }
        return Panache.getSession().chain(session -> {
            List<Uni<Integer>> ops = new ArrayList<>();
            StringBuilder keep = new StringBuilder("delete from watched_boards where user_id = :u");
            if (!wanted.isEmpty()) {
                keep.append(" and (ats || '/' || board) not in (:keys)");
            }
            var delete = session.createNativeQuery(keep.toString()).setParameter("u", userId);
            if (!wanted.isEmpty()) {
                delete.setParameter("keys", List.copyOf(wanted.keySet()));
            }
            ops.add(delete.executeUpdate());
            for (WatchedBoard b : wanted.values()) {
                // a board others watch already carries their last run: start from it (fetched at most once a day)
                ops.add(session.createNativeQuery("insert into watched_boards (user_id, ats, board, company, "
                        + "last_run_at) values (:u, :ats, :board, cast(:company as text), (select max(last_run_at) from "
                        + "watched_boards where ats = :ats and board = :board)) on conflict (user_id, ats, board) "
                        + "do update set company = excluded.company")
                        .setParameter("u", userId).setParameter("ats", b.ats()).setParameter("board", b.board())
                        .setParameter("company", b.company()).executeUpdate());
            }
            return Multi.createFrom().iterable(ops).onItem().transformToUniAndConcatenate(u -> u).collect().last()
                    .replaceWithVoid();
        });
    }

    public Uni<Integer> deleteUser(UUID userId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("delete from watched_boards where user_id = :u")
                .setParameter("u", userId).executeUpdate());
    }

    /** The user's watched boards (ats, board order). */
    public Uni<List<WatchedBoard>> forUser(UUID userId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select ats, board, company from watched_boards "
                + "where user_id = :u order by ats, board", Object[].class).setParameter("u", userId).getResultList())
                .map(rows -> rows.stream().map(r -> new WatchedBoard((String) r[0], (String) r[1], (String) r[2]))
                        .toList());
    }

    /**
     * The next boards of one ATS to fetch: each board once, whoever watches it (one user's only, or everybody's:
     * {@code null}), boards never fetched first, then the least recently fetched, at most {@code budget}.
     */
    public Uni<List<WatchedBoard>> next(String ats, UUID userIdOrNull, int budget) {
        String sql = "select ats, board, min(company) from watched_boards where ats = :ats"
                + (userIdOrNull == null ? "" : " and (ats, board) in (select ats, board from watched_boards "
                        + "where user_id = :u)")
                + " group by ats, board order by max(last_run_at) asc nulls first, board limit :n";
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(sql, Object[].class).setParameter("ats", ats).setParameter("n",
                    Math.max(budget, 0));
            if (userIdOrNull != null) {
                q.setParameter("u", userIdOrNull);
            }
            return q.getResultList();
        }).map(rows -> rows.stream().map(r -> new WatchedBoard((String) r[0], (String) r[1], (String) r[2]))
                .toList());
    }

    /** Records that the board was fetched (or read from the cache) now, on every watcher's row. In a transaction. */
    public Uni<Integer> recordRun(WatchedBoard board, Instant at) {
        return Panache.getSession().chain(s -> s.createNativeQuery("update watched_boards set last_run_at = :at "
                + "where ats = :ats and board = :board").setParameter("at", at).setParameter("ats", board.ats())
                .setParameter("board", board.board()).executeUpdate());
    }
}
