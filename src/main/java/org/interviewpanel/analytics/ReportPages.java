package org.interviewpanel.analytics;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.interviewpanel.kernel.CategoryKey;
import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.Roles;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The console's report pages (charts drawn by Apache ECharts, served from the app), CSV downloads and the rebuild. */
@Path("/reports")
public class ReportPages {

    /** A report as the pages list it. */
    public record Report(String name, String title, String summary, String guide) {
    }

    static final List<Report> REPORTS = List.of(
            new Report("pipeline", "Pipeline", "Sessions scheduled, held, cancelled and decided by week and position; "
                    + "hire rate and the time from the end of a session to its decision.",
                    "A session counts for the week it was scheduled for. Held = it ended (not cancelled). Hire rate = "
                            + "hires / decided sessions, HOLD included in the denominator. The median time to decision "
                            + "runs from the end of the session to the hiring manager's decision."),
            new Report("interviewers", "Interviewer calibration", "How each interviewer rates compared with the "
                    + "rest of the panel on the same answers, their recommendations and how promptly they submit.",
                    "Leniency is the mean of (own rating − mean of the other panelists' ratings on the same item), "
                            + "over items someone else also rated: +0.5 means half a point above colleagues on the same "
                            + "answers. Fewer than about 20 compared items say little. Only submitted (final) ratings "
                            + "count; submission rate = scorecards submitted / seats in sessions that ended."),
            new Report("reliability", "Reliability", "Krippendorff's alpha: how far panelists agree on the same "
                    + "answers, beyond what chance would give.",
                    "Units are (session, question), raters are panelists, missing ratings are allowed. 1 = perfect "
                            + "agreement, 0 = chance level. Krippendorff suggests relying on alpha ≥ 0.800 and drawing "
                            + "only tentative conclusions from 0.667 to 0.800. Ordinal alpha treats 1–5 as ranks; "
                            + "interval alpha as equally spaced numbers. Under about 30 pairable values, do not trust "
                            + "it; it is empty when there is nothing to pair or no variation at all."),
            new Report("questions", "Question effectiveness", "For each question: how often it is asked, how it is "
                    + "rated, how well its rating separates hires from no-hires, and how long it takes.",
                    "Discrimination is the point-biserial correlation between the item's mean panel rating and the "
                            + "decision (HIRE = 1, NO_HIRE = 0, HOLD left out). It is judged only with 10 or more "
                            + "decided sessions and 3 in each group; below 0.2 it is flagged as low. Decisions follow "
                            + "the ratings, so this shows consistency, not predictive validity. Over-exposed: asked in "
                            + "half or more of the sessions in scope (from 20 sessions on). Minutes run from the "
                            + "question being asked to the next question or the end."),
            new Report("qualification", "Qualification", "Who is qualified to interview in which category: each "
                    + "interviewer's agreement with a reference, from calibration exercises and shadow seats.",
                    "A comparison pairs an interviewer's rating with a reference: the experts' rating of an exercise "
                            + "answer (first attempt of each exercise only), or the panel's mean rating of an item the "
                            + "interviewer rated from a shadow seat. Agreement is Krippendorff's interval alpha over "
                            + "those pairs. Qualified = at least the configured number of comparisons (default 12) and "
                            + "alpha at least the threshold (default 0.667, Krippendorff's floor for tentative "
                            + "conclusions)."),
            new Report("drift", "Drift", "Whether an interviewer's leniency has moved: in the window against their "
                    + "own history, and against the rest of the interviewers in the same window.",
                    "Leniency values are per item (own rating − mean of the other panelists' ratings). Each "
                            + "interviewer gets two Welch t-tests (window vs own history; window vs the pool); all "
                            + "tests of the report are Holm-corrected together, so the chance of any false flag in the "
                            + "report is at most 5 %. Tests need 5 values in each sample. The window defaults to the "
                            + "last 28 days; From and To set it."));

    /** The filter form's current values. */
    public record Filters(String from, String to, String position, String questionSet, String session,
            String category) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance report(Report report, List<Report> reports, Filters filters,
                List<QuestionSets.QuestionSet> sets, boolean admin);

        static native TemplateInstance rebuild(List<Report> reports, RebuildState.Progress progress);
    }

    @Inject
    QuestionSets questionSets;

    @Inject
    ReportCsv csv;

    @Inject
    Rebuild rebuild;

    @Inject
    CurrentUser user;

    @GET
    @RolesAllowed({ Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(hidden = true)
    public Response index() {
        return Response.seeOther(URI.create("/reports/pipeline")).build();
    }

    @GET
    @Path("{name: pipeline|interviewers|reliability|questions|qualification|drift}")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({ Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance report(@PathParam("name") String name, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("position") String position,
            @QueryParam("questionSet") String questionSet, @QueryParam("session") String session,
            @QueryParam("category") String category) {
        Report report = REPORTS.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
        return Templates.report(report, REPORTS, new Filters(from, to, position, questionSet, session, category),
                questionSets.questionSets(), user.isAdmin());
    }

    @GET
    @Path("{name: pipeline|interviewers|reliability|questions|drift}.csv")
    @Produces("text/csv")
    @RolesAllowed({ Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(hidden = true)
    public Response csv(@PathParam("name") String name, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("position") String position, @QueryParam("questionSet") String questionSet,
            @QueryParam("session") String session) {
        return csv.download(name, ReportFilter.parse(from, to, position, questionSet, session,
                user.username()));
    }

    @GET
    @Path("qualification.csv")
    @Produces("text/csv")
    @RolesAllowed({ Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(hidden = true)
    public Response qualificationCsv(@QueryParam("category") String category) {
        return csv.qualification(CategoryKey.filter(category), null,
                ReportFilter.parse(null, null, null, null, null, user.username()));
    }

    @GET
    @Path("rebuild")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed(Roles.ADMIN)
    @Operation(hidden = true)
    public TemplateInstance rebuildPage() {
        return Templates.rebuild(REPORTS, rebuild.progress());
    }

}
