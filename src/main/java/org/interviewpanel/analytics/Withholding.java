package org.interviewpanel.analytics;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.interviewpanel.kernel.ProblemException;

/**
 * Independent scoring in the reports: a session where the reader sits on the panel and has not submitted a scorecard is
 * left out of every number they get, and named as withheld (the filter's {@code where} leaves it out; this counts it).
 */
@ApplicationScoped
public class Withholding {

    @Inject
    ReportSql sql;

    @Inject
    RebuildState rebuild;

    @Inject
    StatsRefresher stats;

    /**
     * How many sessions in scope are withheld from the reader; a filter that names one of them is refused, since
     * "left out" would be no answer to a question about that very session.
     */
    int count(ReportFilter filter) {
        if (filter.reader() == null) {
            return 0;
        }
        List<Object> params = new ArrayList<>();
        int withheld = sql.query("select count(*) from analytics.session_fact s where " + filter.withheld(params), params,
                rs -> rs.getInt(1)).get(0);
        if (withheld > 0 && filter.session() != null) {
            throw ProblemException.forbidden("You sit on this session's panel and have not submitted your scorecard: "
                    + "its numbers open to you once you have");
        }
        return withheld;
    }

    /**
     * The tables may be incomplete (a rebuild runs, the last one failed, or the statistics are behind: an upgrade fills
     * them, a bulk load): every report says so.
     */
    boolean rebuilding() {
        return rebuild.progress().incomplete() || stats.behind();
    }
}
