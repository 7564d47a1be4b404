package org.interviewpanel.analytics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.interviewpanel.analytics.ReportDtos.Reliability;
import org.interviewpanel.analytics.stats.KrippendorffAlpha;

import io.micrometer.core.annotation.Timed;

/** Inter-rater reliability of the final ratings: Krippendorff's alpha, ordinal and interval. */
@ApplicationScoped
public class ReliabilityReport {

    /** Alpha over fewer pairable values is flagged as unreliable. */
    static final int MIN_PAIRABLE_VALUES = 30;

    @Inject
    ReportSql sql;

    @Inject
    Withholding withholding;

    @Timed(value = "panel.report", extraTags = { "report", "reliability" }, histogram = true)
    public Reliability reliability(ReportFilter filter) {
        int withheld = withholding.count(filter);
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        List<List<Integer>> units = new ArrayList<>();
        Set<String> raters = new HashSet<>();
        sql.withQuery("select r.session_id, r.position, r.rating, r.username from analytics.rating_fact r "
                + "join analytics.session_fact s using (session_id) where r.final and r.rating is not null and not r.shadow and "
                + where
                + " order by r.session_id, r.position", params, rs -> {
                    Object lastSession = null;
                    int lastPosition = -1;
                    List<Integer> unit = null;
                    while (rs.next()) {
                        Object session = rs.getObject(1);
                        int position = rs.getInt(2);
                        if (unit == null || position != lastPosition || !Objects.equals(session, lastSession)) {
                            unit = new ArrayList<>(4);
                            units.add(unit);
                            lastSession = session;
                            lastPosition = position;
                        }
                        unit.add(rs.getInt(3));
                        raters.add(rs.getString(4));
                    }
                });
        KrippendorffAlpha.Result ordinal = KrippendorffAlpha.ordinal(units);
        KrippendorffAlpha.Result interval = KrippendorffAlpha.interval(units);
        return new Reliability(ReportSql.round(ordinal.alpha(), 4), ReportSql.round(interval.alpha(), 4), ordinal.units(),
                raters.size(),
                ordinal.pairableValues(), ordinal.pairableValues() < MIN_PAIRABLE_VALUES, withheld, withholding.rebuilding());
    }
}
