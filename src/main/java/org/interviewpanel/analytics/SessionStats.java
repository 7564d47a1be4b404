package org.interviewpanel.analytics;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.UUID;

/**
 * Keeps {@code analytics.item_stat} and {@code analytics.panelist_stat}: for each session given, its rows are computed
 * again from its facts, in the caller's transaction. Computing a whole session again (not adding one event's delta)
 * keeps the rows right whatever order events arrive in, twice or late: they are a function of the facts, which are.
 * <p>
 * The sessions are locked first, in a fixed order, so two transactions (the live consumer and a rebuild) refreshing the
 * same session run one after the other, the second seeing the first's facts.
 */
final class SessionStats {

    private static final String LOCK = "select session_id from analytics.session_fact where session_id = any(?) "
            + "order by session_id for update";

    private static final String ITEMS = "insert into analytics.item_stat (session_id, position, question_key, category, "
            + "question_text, asked, spent_minutes, n, total, sumsq, c1, c2, c3, c4, c5) "
            + "with r as (select session_id, position, count(*) as n, sum(rating) as total, sum(rating * rating) as sumsq, "
            + "  count(*) filter (where rating = 1) as c1, count(*) filter (where rating = 2) as c2, "
            + "  count(*) filter (where rating = 3) as c3, count(*) filter (where rating = 4) as c4, "
            + "  count(*) filter (where rating = 5) as c5 "
            + "  from analytics.rating_fact where session_id = any(?) and final and rating is not null and not shadow "
            + "  group by 1, 2), "
            // time spent: from each question.asked to the next one in the session (or the end), summed per item
            + "visits as (select a.session_id, a.position, a.asked_at, s.ended_at, "
            + "  lead(a.asked_at) over (partition by a.session_id order by a.asked_at, a.position) as next_at "
            + "  from analytics.ask_fact a join analytics.session_fact s using (session_id) where a.session_id = any(?)), "
            + "spent as (select session_id, position, "
            + "  sum(extract(epoch from coalesce(next_at, ended_at) - asked_at) / 60.0) as minutes "
            + "  from visits where coalesce(next_at, ended_at) is not null group by 1, 2), "
            + "asked as (select distinct session_id, position from analytics.ask_fact where session_id = any(?)), "
            + "items as (select session_id, position from analytics.item_fact where session_id = any(?) "
            + "  union select session_id, position from r) "
            + "select k.session_id, k.position, i.question_key, i.category, i.question_text, asked.position is not null, "
            + "sp.minutes::float8, coalesce(r.n, 0), coalesce(r.total, 0), coalesce(r.sumsq, 0), coalesce(r.c1, 0), "
            + "coalesce(r.c2, 0), coalesce(r.c3, 0), coalesce(r.c4, 0), coalesce(r.c5, 0) "
            + "from items k left join analytics.item_fact i using (session_id, position) "
            + "left join r using (session_id, position) left join spent sp using (session_id, position) "
            + "left join asked using (session_id, position)";

    private static final String SEATS = "insert into analytics.panelist_stat (session_id, username, seat, submitted, "
            + "delay_minutes, recommendation, given_n, given_sum, lenient_sum, lenient_n) "
            + "with r as (select session_id, position, username, rating from analytics.rating_fact "
            + "  where session_id = any(?) and final and rating is not null and not shadow), "
            + "item as (select session_id, position, sum(rating) as total, count(*) as n from r group by 1, 2), "
            + "own as (select r.session_id, r.username, count(*) as given_n, sum(r.rating) as given_sum, "
            + "  sum(r.rating - (i.total - r.rating)::float8 / (i.n - 1)) filter (where i.n > 1) as lenient_sum, "
            + "  count(*) filter (where i.n > 1) as lenient_n "
            + "  from r join item i using (session_id, position) group by 1, 2) "
            + "select p.session_id, p.username, not p.shadow, p.submitted_at is not null, "
            + "(extract(epoch from p.submitted_at - s.ended_at) / 60.0)::float8, p.recommendation, "
            + "coalesce(own.given_n, 0), coalesce(own.given_sum, 0), coalesce(own.lenient_sum, 0), "
            + "coalesce(own.lenient_n, 0) "
            + "from analytics.panelist_fact p join analytics.session_fact s using (session_id) "
            + "left join own using (session_id, username) where p.session_id = any(?)";

    private SessionStats() {
    }

    /** Computes the sessions' statistics again from their facts; the caller commits. */
    static void refresh(Connection c, Collection<UUID> sessions) throws SQLException {
        if (sessions.isEmpty()) {
            return;
        }
        Array ids = c.createArrayOf("uuid", sessions.toArray());
        try (PreparedStatement lock = c.prepareStatement(LOCK)) {
            lock.setArray(1, ids);
            lock.executeQuery().close();
        }
        execute(c, "delete from analytics.item_stat where session_id = any(?)", ids, 1);
        execute(c, "delete from analytics.panelist_stat where session_id = any(?)", ids, 1);
        execute(c, ITEMS, ids, 4);
        execute(c, SEATS, ids, 2);
    }

    private static void execute(Connection c, String sql, Array ids, int times) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 1; i <= times; i++) {
                ps.setArray(i, ids);
            }
            ps.executeUpdate();
        }
    }
}
