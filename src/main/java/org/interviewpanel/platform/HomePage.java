package org.interviewpanel.platform;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.interviewpanel.questionbank.QuestionService;
import org.interviewpanel.security.Roles;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The console's home page and the page shown after signing out. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class HomePage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(long questionCount, long categoryCount);
    }

    @CheckedTemplate(basePath = "SignedOut")
    static class SignedOutTemplates {
        static native TemplateInstance page();
    }

    @Inject
    QuestionService questions;

    @GET
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance index() {
        var categories = questions.categories();
        long count = categories.stream().mapToLong(c -> c.count()).sum();
        return Templates.index(count, categories.size());
    }

    @GET
    @Path("signed-out")
    @PermitAll
    @Operation(hidden = true)
    public TemplateInstance signedOut() {
        return SignedOutTemplates.page();
    }
}
