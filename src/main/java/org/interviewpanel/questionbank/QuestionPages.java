package org.interviewpanel.questionbank;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.questionbank.QuestionDtos.BankView;
import org.interviewpanel.questionbank.QuestionDtos.CategoryCount;
import org.interviewpanel.questionbank.QuestionDtos.QuestionDetail;
import org.interviewpanel.questionbank.QuestionDtos.QuestionPage;
import org.interviewpanel.questionbank.QuestionDtos.VersionDetail;
import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.Roles;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The console's bank pages: browse and search, read a question and its history, write and edit. */
@Path("/questions")
@Produces(MediaType.TEXT_HTML)
public class QuestionPages {

    private static final int PAGE_SIZE = 20;

    /** The filters as typed, echoed back into the form. */
    public record BankQuery(String q, String category, Integer difficulty, String tag, String status) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance bank(QuestionPage page, BankQuery query, List<CategoryCount> categories,
                Map<String, String> categoryTitles, List<BankView> banks, boolean canCreate, long pageCount,
                String prevUrl, String nextUrl, String error);

        static native TemplateInstance detail(QuestionDetail question, VersionDetail shown, boolean canEdit);

        static native TemplateInstance form(QuestionDetail question, List<CategoryCount> categories,
                List<Integer> difficulties);
    }

    @Inject
    QuestionService questions;

    @Inject
    CurrentUser user;

    @GET
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance bank(@QueryParam("q") String q, @QueryParam("category") String category,
            @QueryParam("difficulty") String difficulty, @QueryParam("tag") String tag,
            @QueryParam("status") String status, @QueryParam("page") String page) {
        BankQuery query = new BankQuery(trim(q, 200), trim(category, 200), parse(difficulty, 1, 3), trim(tag, 40),
                "RETIRED".equals(status) || "ALL".equals(status) ? status : "ACTIVE");
        int pageNumber = parse(page, 1, 100000) == null ? 1 : parse(page, 1, 100000);
        List<CategoryCount> categories = questions.categories();
        Map<String, String> titles = categories.stream()
                .collect(Collectors.toMap(CategoryCount::key, CategoryCount::title, (a, b) -> a, LinkedHashMap::new));
        QuestionPage result;
        String error = null;
        try {
            result = questions.list(new QuestionService.Filter(query.category(), query.difficulty(), query.tag(), query.q(),
                    QuestionService.StatusFilter.valueOf(query.status()), pageNumber, PAGE_SIZE));
        } catch (ProblemException e) {
            error = e.problem().detail();
            result = new QuestionPage(List.of(), 0, 1, PAGE_SIZE);
        }
        long pageCount = Math.max(1, (result.total() + PAGE_SIZE - 1) / PAGE_SIZE);
        String prev = pageNumber > 1 ? url(query, pageNumber - 1) : null;
        String next = pageNumber < pageCount ? url(query, pageNumber + 1) : null;
        boolean canCreate = user.has(Roles.INTERVIEWER) || user.isAdmin();
        return Templates.bank(result, query, categories, titles, questions.banks(), canCreate, pageCount, prev, next,
                error);
    }

    @GET
    @Path("new")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance create() {
        return Templates.form(null, questions.categories(), List.of(1, 2, 3));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance detail(@PathParam("id") UUID id, @QueryParam("version") Integer version) {
        QuestionDetail question = questions.get(id);
        VersionDetail shown = questions.version(id, version == null ? question.version() : version);
        return Templates.detail(question, shown, user.actor().mayChange(question.author()));
    }

    @GET
    @Path("{id}/edit")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance edit(@PathParam("id") UUID id) {
        QuestionDetail question = questions.get(id);
        if (!user.actor().mayChange(question.author())) {
            throw ProblemException.forbidden("Only the question's author or an admin may edit it");
        }
        return Templates.form(question, questions.categories(), List.of(1, 2, 3));
    }

    private static String url(BankQuery query, int page) {
        StringBuilder url = new StringBuilder("/questions?page=").append(page);
        append(url, "q", query.q());
        append(url, "category", query.category());
        append(url, "difficulty", query.difficulty() == null ? null : query.difficulty().toString());
        append(url, "tag", query.tag());
        append(url, "status", "ACTIVE".equals(query.status()) ? null : query.status());
        return url.toString();
    }

    private static void append(StringBuilder url, String name, String value) {
        if (value != null) {
            url.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static String trim(String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.length() > max ? trimmed.substring(0, max) : trimmed;
    }

    private static Integer parse(String value, int min, int max) {
        try {
            int n = Integer.parseInt(value == null ? "" : value.strip());
            return n < min || n > max ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
