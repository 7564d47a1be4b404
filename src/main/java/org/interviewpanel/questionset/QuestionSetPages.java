package org.interviewpanel.questionset;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.interviewpanel.kernel.Page;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.questionbank.QuestionService;
import org.interviewpanel.questionset.QuestionSetDtos.SetDetail;
import org.interviewpanel.questionset.QuestionSetDtos.SetSummary;
import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.Roles;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The console's question set pages: the list (mine / all), a set, and the builder. */
@Path("/question-sets")
@Produces(MediaType.TEXT_HTML)
public class QuestionSetPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Page<SetSummary> sets, String scope, String q, boolean canCreate,
                java.util.function.Function<String, String> names);

        static native TemplateInstance detail(SetDetail set, Map<String, String> titles, boolean canEdit,
                boolean canClone);

        static native TemplateInstance builder(UUID setId);
    }

    static final int PAGE_SIZE = 25;

    @Inject
    QuestionSetService sets;

    @Inject
    QuestionService questions;

    @Inject
    CurrentUser user;

    @Inject
    org.interviewpanel.security.PeopleDirectory people;

    @GET
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance list(@QueryParam("scope") String scope, @QueryParam("q") @Size(max = 200) String q,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(100000) int page) {
        boolean canCreate = user.has(Roles.INTERVIEWER) || user.isAdmin();
        String shown = "all".equals(scope) || !canCreate ? "all" : "mine";
        String text = q == null ? "" : q.strip().toLowerCase(java.util.Locale.ROOT);
        List<SetSummary> matching = sets.list("mine".equals(shown), user.actor()).stream()
                .filter(s -> text.isEmpty() || s.name().toLowerCase(java.util.Locale.ROOT).contains(text)
                        || s.owner().toLowerCase(java.util.Locale.ROOT).contains(text)
                        || s.description() != null && s.description().toLowerCase(java.util.Locale.ROOT).contains(text))
                .toList();
        int from = Math.min(matching.size(), (page - 1) * PAGE_SIZE);
        return Templates.list(new Page<>(matching.subList(from, Math.min(matching.size(), from + PAGE_SIZE)),
                matching.size(), page, PAGE_SIZE), shown, q, canCreate, people.names());
    }

    @GET
    @Path("new")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance create() {
        return Templates.builder(null);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance detail(@PathParam("id") UUID id) {
        SetDetail set = sets.get(id);
        Map<String, String> titles = new HashMap<>();
        questions.categories().forEach(c -> titles.put(c.key(), c.title()));
        boolean canClone = user.has(Roles.INTERVIEWER) || user.isAdmin();
        return Templates.detail(set, titles, user.actor().mayChange(set.owner()), canClone);
    }

    @GET
    @Path("{id}/edit")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance edit(@PathParam("id") UUID id) {
        SetDetail set = sets.get(id);
        if (!user.actor().mayChange(set.owner())) {
            throw ProblemException.forbidden("Only the set's owner or an admin may edit it");
        }
        return Templates.builder(id);
    }
}
