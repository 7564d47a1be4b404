package org.interviewpanel.analytics;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.interviewpanel.analytics.ReportDtos.InterviewerRow;
import org.interviewpanel.analytics.ReportDtos.PipelineRow;
import org.interviewpanel.analytics.ReportDtos.QuestionRow;
import org.interviewpanel.analytics.ReportDtos.Reliability;

@ApplicationScoped
public class ReportCsv {

    @Inject
    PipelineReport pipeline;

    @Inject
    InterviewersReport interviewers;

    @Inject
    ReliabilityReport reliability;

    @Inject
    QuestionsReport questions;

    @Inject
    QualificationReport qualification;

    @Inject
    DriftReport drift;

    /** A report's rows as a CSV download: the one place both the API and the console's download link use. */
    Response download(String name, ReportFilter filter) {
        return switch (name) {
            case "pipeline" -> csv(name, PipelineRow.class, pipeline.pipeline(filter).rows());
            case "interviewers" -> csv(name, InterviewerRow.class, interviewers.interviewers(filter).rows());
            case "reliability" -> csv(name, Reliability.class, List.of(reliability.reliability(filter)));
            case "questions" -> csv(name, QuestionRow.class, questions.questions(filter).rows());
            case "drift" -> csv(name, ReportDtos.DriftRow.class, drift.drift(filter).rows());
            default -> throw new IllegalArgumentException("no report " + name);
        };
    }

    /** The qualification rows (of one category, or all; of one interviewer when {@code only} is set). */
    Response qualification(String category, String only, ReportFilter filter) {
        return csv("qualification", ReportDtos.QualificationRow.class,
                qualification.qualification(category, only, filter).rows());
    }

    private static Response csv(String name, Class<? extends Record> type, List<? extends Record> rows) {
        return Response.ok(Csv.of(type, rows), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"").build();
    }
}
