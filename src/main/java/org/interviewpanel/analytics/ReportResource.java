package org.interviewpanel.analytics;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.interviewpanel.analytics.ReportDtos.Interviewers;
import org.interviewpanel.analytics.ReportDtos.Pipeline;
import org.interviewpanel.analytics.ReportDtos.Questions;
import org.interviewpanel.analytics.ReportDtos.Reliability;
import org.interviewpanel.kernel.CategoryKey;
import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.Roles;

/**
 * The hiring reports as JSON, or as CSV with {@code Accept: text/csv} (the same rows). Hiring managers and admins only.
 * Filters: from (inclusive) and to (exclusive; a date means the whole day), position, questionSet, session.
 */
@Path("/api/reports")
@Tag(name = "Reports")
@RolesAllowed({ Roles.HIRING_MANAGER, Roles.ADMIN })
public class ReportResource {

    static final String CSV = "text/csv";

    @Inject
    PipelineReport pipeline;

    @Inject
    InterviewersReport interviewers;

    @Inject
    ReliabilityReport reliability;

    @Inject
    QuestionsReport questions;

    @Inject
    ReportCsv csv;

    @Inject
    QualificationReport qualification;

    @Inject
    DriftReport drift;

    @Inject
    CurrentUser user;

    @QueryParam("from")
    @Parameter(description = "From this date or instant (inclusive)")
    String from;

    @QueryParam("to")
    @Parameter(description = "Up to this instant (exclusive), or to the end of this date")
    String to;

    @QueryParam("position")
    String position;

    @QueryParam("questionSet")
    @Parameter(description = "A question set id")
    String questionSet;

    @QueryParam("session")
    @Parameter(description = "A session id")
    String session;

    ReportFilter filter() {
        return ReportFilter.parse(from, to, position, questionSet, session, user.username());
    }

    @GET
    @Path("pipeline")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Pipeline by position and week", description = "Sessions scheduled, held, cancelled and "
            + "decided; hires, hire rate and median hours from end to decision; plus totals")
    @APIResponse(responseCode = "200", description = "The report")
    @APIResponse(responseCode = "400", description = "A filter is not valid (errors[] names it)")
    @APIResponse(responseCode = "403", description = "session names one where the caller sits on the panel and has "
            + "not submitted (independent scoring)")
    public Pipeline pipeline() {
        return pipeline.pipeline(filter());
    }

    @GET
    @Path("pipeline")
    @Produces(CSV)
    @Operation(summary = "Pipeline rows as CSV")
    public Response pipelineCsv() {
        return csv.download("pipeline", filter());
    }

    @GET
    @Path("interviewers")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Interviewer calibration", description = "Per interviewer: ratings, mean, leniency, "
            + "recommendation mix, scorecard submission rate and median delay")
    @APIResponse(responseCode = "200", description = "The report")
    @APIResponse(responseCode = "400", description = "A filter is not valid (errors[] names it)")
    @APIResponse(responseCode = "403", description = "session names one where the caller sits on the panel and has "
            + "not submitted (independent scoring)")
    public Interviewers interviewers() {
        return interviewers.interviewers(filter());
    }

    @GET
    @Path("interviewers")
    @Produces(CSV)
    @Operation(summary = "Interviewer calibration rows as CSV")
    public Response interviewersCsv() {
        return csv.download("interviewers", filter());
    }

    @GET
    @Path("reliability")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Inter-rater reliability", description = "Krippendorff's alpha, ordinal and interval, over "
            + "the final ratings in scope; units = (session, item), raters = panelists, missing ratings allowed")
    @APIResponse(responseCode = "200", description = "The report")
    @APIResponse(responseCode = "400", description = "A filter is not valid (errors[] names it)")
    @APIResponse(responseCode = "403", description = "session names one where the caller sits on the panel and has "
            + "not submitted (independent scoring)")
    public Reliability reliability() {
        return reliability.reliability(filter());
    }

    @GET
    @Path("reliability")
    @Produces(CSV)
    @Operation(summary = "Reliability as a one-row CSV")
    public Response reliabilityCsv() {
        return csv.download("reliability", filter());
    }

    @GET
    @Path("questions")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Question effectiveness", description = "Per question: times asked, mean and standard "
            + "deviation, discrimination (point-biserial with the hire decision), median minutes, flags")
    @APIResponse(responseCode = "200", description = "The report")
    @APIResponse(responseCode = "400", description = "A filter is not valid (errors[] names it)")
    @APIResponse(responseCode = "403", description = "session names one where the caller sits on the panel and has "
            + "not submitted (independent scoring)")
    public Questions questions() {
        return questions.questions(filter());
    }

    @GET
    @Path("questions")
    @Produces(CSV)
    @Operation(summary = "Question effectiveness rows as CSV")
    public Response questionsCsv() {
        return csv.download("questions", filter());
    }

    @QueryParam("category")
    @Parameter(description = "A category key, e.g. kafka/replication")
    String category;

    /** Interviewers see their own rows only; hiring managers and admins everyone's. */
    private String onlyRowsOf() {
        return user.has(Roles.HIRING_MANAGER) || user.isAdmin() ? null : user.username();
    }

    private ReportFilter readerOnly() {
        return ReportFilter.parse(null, null, null, null, null, user.username());
    }

    @GET
    @Path("qualification")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "Qualification by category", description = "Everyone × category: comparisons with a "
            + "reference (exercise answers vs the experts, shadow-seat ratings vs the panel), interval alpha, "
            + "qualified. Interviewers get their own rows only")
    @APIResponse(responseCode = "200", description = "The report")
    @APIResponse(responseCode = "400", description = "category is not a category key")
    public ReportDtos.Qualification qualification() {
        return qualification.qualification(CategoryKey.filter(category), onlyRowsOf(), readerOnly());
    }

    @GET
    @Path("qualification")
    @Produces(CSV)
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "Qualification rows as CSV")
    public Response qualificationCsv() {
        return csv.qualification(CategoryKey.filter(category), onlyRowsOf(), readerOnly());
    }

    @GET
    @Path("drift")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Leniency drift", description = "Per interviewer: leniency in the window (default: the last "
            + "28 days up to to, or now) against their own history and against the pool, Welch t-tests, "
            + "Holm-corrected; flagged rows drifted")
    @APIResponse(responseCode = "200", description = "The report")
    @APIResponse(responseCode = "400", description = "A filter is not valid (errors[] names it)")
    public ReportDtos.Drift drift() {
        return drift.drift(filter());
    }

    @GET
    @Path("drift")
    @Produces(CSV)
    @Operation(summary = "Drift rows as CSV")
    public Response driftCsv() {
        return csv.download("drift", filter());
    }
}
