package org.interviewpanel.analytics;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The question sets of the sessions in the analytics tables (from the events, not the operational database). */
@ApplicationScoped
public class QuestionSets {

    @Inject
    ReportSql sql;

    /** A question set as the analytics know it from the events: for the reports' filter. */
    public record QuestionSet(UUID id, String name) {
    }

    /** The question sets of the sessions in the analytics tables, by name. */
    public List<QuestionSet> questionSets() {
        return sql.query("select question_set_id, coalesce(max(question_set_name), 'Set ' || left(question_set_id::text, 8)) "
                + "from analytics.session_fact where question_set_id is not null group by 1 order by 2", List.of(),
                rs -> new QuestionSet(rs.getObject(1, UUID.class), rs.getString(2)));
    }
}
