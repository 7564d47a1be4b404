package org.interviewpanel.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.interviewpanel.analytics.ReportDtos.Qualification;
import org.interviewpanel.analytics.ReportDtos.QualificationRow;
import org.interviewpanel.analytics.stats.KrippendorffAlpha;
import org.interviewpanel.security.PeopleDirectory;
import org.interviewpanel.security.Roles;

import io.micrometer.core.annotation.Timed;

/**
 * Who is qualified to interview in which category: each interviewer's ratings compared with a reference — the experts'
 * rating of a calibration exercise's answer (first attempt of each exercise only), or the panel's mean final rating of
 * an item the interviewer rated from a shadow seat. Agreement is Krippendorff's interval alpha over those pairs.
 */
@ApplicationScoped
public class QualificationReport {

    @Inject
    ReportSql sql;

    @Inject
    Withholding withholding;

    @Inject
    PeopleDirectory people;

    @Inject
    CalibrationConfig config;

    /** One comparison: the interviewer's rating beside the reference. */
    record Comparison(String interviewer, String category, double rating, double reference, boolean exercise) {
    }

    @Timed(value = "panel.report", extraTags = { "report", "qualification" }, histogram = true)
    public Qualification qualification(String category, String only, ReportFilter filter) {
        int withheld = withholding.count(filter);
        Map<String, Map<String, List<Comparison>>> byPerson = new TreeMap<>();
        TreeSet<String> categories = new TreeSet<>();
        for (Comparison c : comparisons(filter)) {
            categories.add(c.category());
            byPerson.computeIfAbsent(c.interviewer(), k -> new TreeMap<>())
                    .computeIfAbsent(c.category(), k -> new ArrayList<>()).add(c);
        }
        sql.query("select distinct category from analytics.item_fact", List.of(), rs -> categories.add(rs.getString(1)));
        people.withRole(Roles.INTERVIEWER).forEach(p -> byPerson.computeIfAbsent(p.username(), k -> new TreeMap<>()));
        Function<String, String> names = people.names();
        List<QualificationRow> rows = new ArrayList<>();
        for (var person : byPerson.entrySet()) {
            if (only != null && !only.equals(person.getKey())) {
                continue;
            }
            for (String cat : categories) {
                if (category != null && !category.equals(cat)) {
                    continue;
                }
                rows.add(row(person.getKey(), names.apply(person.getKey()), cat,
                        person.getValue().getOrDefault(cat, List.of())));
            }
        }
        return new Qualification(rows, config.minComparisons(), config.alphaThreshold(), withheld,
                withholding.rebuilding());
    }

    /** For the schedule form: each interviewer's qualified categories, as {@code reader} may see them. */
    public Map<String, List<String>> qualifiedCategories(String reader) {
        Map<String, List<String>> qualified = new TreeMap<>();
        qualification(null, null, ReportFilter.parse(null, null, null, null, null, reader)).rows().stream()
                .filter(QualificationRow::qualified)
                .forEach(r -> qualified.computeIfAbsent(r.interviewer(), k -> new ArrayList<>()).add(r.category()));
        return qualified;
    }

    QualificationRow row(String interviewer, String name, String category, List<Comparison> comparisons) {
        List<List<Double>> units = new ArrayList<>();
        double deviation = 0;
        int exercises = 0;
        for (Comparison c : comparisons) {
            units.add(List.of(c.rating(), c.reference()));
            deviation += Math.abs(c.rating() - c.reference());
            exercises += c.exercise() ? 1 : 0;
        }
        Double alpha = comparisons.isEmpty() ? null : ReportSql.round(KrippendorffAlpha.interval(units).alpha(), 4);
        boolean qualified = comparisons.size() >= config.minComparisons() && alpha != null
                && alpha >= config.alphaThreshold();
        return new QualificationRow(interviewer, name, category, comparisons.size(), exercises,
                comparisons.size() - exercises, alpha,
                comparisons.isEmpty() ? null : ReportSql.round(deviation / comparisons.size(), 3), qualified);
    }

    private List<Comparison> comparisons(ReportFilter filter) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        return sql.query("""
                with first_attempt as (
                  select distinct on (interviewer, question_key) attempt_id from analytics.calibration_rating
                  order by interviewer, question_key, attempted_at, attempt_id),
                panel as (
                  select session_id, position, avg(rating)::float8 as mean from analytics.rating_fact
                  where final and rating is not null and not shadow group by 1, 2)
                select c.interviewer, c.category, c.rating::float8, c.expert::float8, true
                from analytics.calibration_rating c join first_attempt using (attempt_id)
                union all
                select r.username, i.category, r.rating::float8, p.mean, false
                from analytics.rating_fact r
                join analytics.item_fact i using (session_id, position)
                join panel p using (session_id, position)
                join analytics.session_fact s using (session_id)
                where r.shadow and r.final and r.rating is not null and\s""" + where, params,
                rs -> new Comparison(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getDouble(4),
                        rs.getBoolean(5)));
    }
}
