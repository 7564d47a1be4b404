package org.interviewpanel.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.interviewpanel.analytics.QualificationReport;
import org.interviewpanel.questionset.QuestionSetDtos;
import org.interviewpanel.questionset.QuestionSetDtos.SetSummary;
import org.interviewpanel.questionset.QuestionSetService;
import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.PeopleDirectory;
import org.interviewpanel.security.Roles;
import org.interviewpanel.session.SessionDtos.SessionSummary;
import org.interviewpanel.session.SessionDtos.SessionView;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The console's session pages: my sessions, the schedule form, a session with the lead's controls. */
@Path("/sessions")
@Produces(MediaType.TEXT_HTML)
public class SessionPages {

    static final int PAGE_SIZE = 25;

    /** The list's filter as the form shows it, and the link to another page of it. */
    public record Filter(String q, String status, boolean mine) {

        public String link(int page) {
            StringBuilder url = new StringBuilder("/sessions?page=" + page);
            if (q != null && !q.isBlank()) {
                url.append("&q=").append(java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8));
            }
            url.append("&status=").append(status);
            if (mine) {
                url.append("&mine=true");
            }
            return url.toString();
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(org.interviewpanel.kernel.Page<SessionSummary> sessions, Filter filter,
                boolean seesAll,
                boolean canSchedule);

        static native TemplateInstance schedule(List<SetSummary> sets, List<PeopleDirectory.Person> people, String me,
                String setCategories, String qualified);

        static native TemplateInstance detail(SessionView session, boolean isLead, boolean isPanelist,
                boolean seesAll, boolean isShadow);
    }

    @Inject
    QualificationReport qualification;

    @Inject
    ObjectMapper json;

    @Inject
    SessionQueries queries;

    @Inject
    QuestionSetService sets;

    @Inject
    PeopleDirectory people;

    @Inject
    CurrentUser user;

    Viewer viewer() {
        return Viewer.of(user);
    }

    @GET
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance list(@QueryParam("q") @Size(max = 200) String q,
            @QueryParam("status") @DefaultValue("open") @Pattern(regexp = "open|all|SCHEDULED|LIVE|ENDED|DECIDED|CANCELLED", message = "is not a status") String status,
            @QueryParam("mine") @DefaultValue("false") boolean mine,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(100000) int page) {
        Set<SessionStatus> statuses = switch (status) {
            case "open" -> Set.of(SessionStatus.SCHEDULED, SessionStatus.LIVE,
                    SessionStatus.ENDED);
            case "all" -> Set.of();
            default -> Set.of(SessionStatus.valueOf(status));
        };
        var found = queries.list(viewer(), new SessionDtos.SessionQuery(statuses, mine, q, page, PAGE_SIZE));
        boolean canSchedule = user.has(Roles.INTERVIEWER) || user.isAdmin();
        return Templates.list(found, new Filter(q, status, mine), viewer().seesAll(), canSchedule);
    }

    @GET
    @Path("new")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance schedule() {
        List<SetSummary> available = sets.list(false, user.actor());
        // For the form's warning: which categories each set asks about, and who is qualified for which.
        Map<UUID, Set<String>> categories = new LinkedHashMap<>();
        for (SetSummary set : available) {
            categories.put(set.id(), sets.get(set.id()).items().stream().map(QuestionSetDtos.Item::category)
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
        }
        try {
            return Templates.schedule(available, people.withRole(Roles.INTERVIEWER, null), user.username(),
                    json.writeValueAsString(categories),
                    json.writeValueAsString(qualification.qualifiedCategories(user.username())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the form's data", e);
        }
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance detail(@PathParam("id") UUID id) {
        SessionView session = queries.get(id, viewer());
        boolean isLead = session.panel().stream().anyMatch(p -> p.lead() && p.username().equals(user.username()));
        boolean isPanelist = session.panel().stream().anyMatch(p -> p.username().equals(user.username()));
        boolean isShadow = session.panel().stream().anyMatch(p -> p.shadow() && p.username().equals(user.username()));
        return Templates.detail(session, isLead, isPanelist, viewer().seesAll(), isShadow);
    }

}
