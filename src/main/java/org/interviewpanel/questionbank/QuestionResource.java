package org.interviewpanel.questionbank;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.interviewpanel.questionbank.QuestionDtos.BankView;
import org.interviewpanel.questionbank.QuestionDtos.CategoryCount;
import org.interviewpanel.questionbank.QuestionDtos.EditedQuestion;
import org.interviewpanel.questionbank.QuestionDtos.ImportReport;
import org.interviewpanel.questionbank.QuestionDtos.NewQuestion;
import org.interviewpanel.questionbank.QuestionDtos.QuestionDetail;
import org.interviewpanel.questionbank.QuestionDtos.QuestionPage;
import org.interviewpanel.questionbank.QuestionDtos.VersionDetail;
import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.Roles;

@Path("/api")
@Tag(name = "Question bank")
@Produces(MediaType.APPLICATION_JSON)
public class QuestionResource {

    @Inject
    QuestionService questions;

    @Inject
    QuestionBankImporter importer;

    @Inject
    QuestionBankConfig config;

    @Inject
    CurrentUser user;

    @GET
    @Path("/questions")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "List and search the bank", description = "q is a full-text search over text, tags and "
            + "rubric (web-search syntax: words, \"phrases\", -exclusions); hits in the question text rank first. "
            + "page starts at 1.")
    @APIResponse(responseCode = "200", description = "One page of questions")
    @APIResponse(responseCode = "400", description = "A filter is invalid (problem+json naming it)")
    public QuestionPage list(
            @QueryParam("category") @Size(max = 200) String category,
            @QueryParam("difficulty") @Min(1) @Max(3) Integer difficulty,
            @QueryParam("tag") @Size(max = 40) String tag,
            @QueryParam("q") @Size(max = 200) String q,
            @QueryParam("status") @DefaultValue("ACTIVE") @Pattern(regexp = "ACTIVE|RETIRED|ALL", message = "must be ACTIVE, RETIRED or ALL") String status,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(100000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        return questions.list(new QuestionService.Filter(blankToNull(category), difficulty, blankToNull(tag), q,
                QuestionService.StatusFilter.valueOf(status), page, size));
    }

    @GET
    @Path("/questions/categories")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "Categories with the number of active questions in each")
    public List<CategoryCount> categories() {
        return questions.categories();
    }

    @GET
    @Path("/question-banks")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "The banks and the guidance shown with them")
    public List<BankView> banks() {
        return questions.banks();
    }

    @GET
    @Path("/questions/{id}")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "A question with its rubric, follow-ups and version history")
    @APIResponse(responseCode = "200", description = "The question at its current version")
    @APIResponse(responseCode = "404", description = "No such question")
    public QuestionDetail get(@PathParam("id") UUID id) {
        return questions.get(id);
    }

    @GET
    @Path("/questions/{id}/versions/{version}")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "One version of a question, exactly as it was")
    @APIResponse(responseCode = "404", description = "No such question or version")
    public VersionDetail version(@PathParam("id") UUID id, @PathParam("version") @Min(1) int version) {
        return questions.version(id, version);
    }

    @POST
    @Path("/questions")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.ADMIN })
    @Operation(summary = "Add a question", description = "The caller becomes its author. The key is generated from "
            + "category and text when absent.")
    @APIResponse(responseCode = "201", description = "Created; Location names it")
    @APIResponse(responseCode = "400", description = "Invalid body (problem+json with errors[])")
    @APIResponse(responseCode = "409", description = "The key is taken")
    @APIResponse(responseCode = "422", description = "Unknown category")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@NotNull @Valid NewQuestion body) {
        QuestionDetail created = questions.create(body, user.actor());
        return Response.created(URI.create("/api/questions/" + created.id())).entity(created).build();
    }

    @PUT
    @Path("/questions/{id}")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.ADMIN })
    @Operation(summary = "Edit a question (author or admin)", description = "A changed question gets version n+1; "
            + "earlier versions stay readable. The body's version must be the current one.")
    @APIResponse(responseCode = "200", description = "The question at its new version")
    @APIResponse(responseCode = "403", description = "Not the author nor an admin")
    @APIResponse(responseCode = "409", description = "Stale version, or the question is retired")
    @Consumes(MediaType.APPLICATION_JSON)
    public QuestionDetail update(@PathParam("id") UUID id, @NotNull @Valid EditedQuestion body) {
        return questions.update(id, body, user.actor());
    }

    @POST
    @Path("/questions/{id}/retire")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.ADMIN })
    @Operation(summary = "Retire a question (author or admin)", description = "It stays readable but leaves the "
            + "default list and cannot be added to new sets.")
    @APIResponse(responseCode = "204", description = "Retired")
    @APIResponse(responseCode = "403", description = "Not the author nor an admin")
    public void retire(@PathParam("id") UUID id) {
        questions.retire(id, user.actor());
    }

    @POST
    @Path("/admin/questions/import")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Re-import the bank files", description = "A file with errors imports nothing; its errors "
            + "are listed as file, line, message.")
    @APIResponse(responseCode = "200", description = "What the import did")
    public ImportReport reimport() {
        return importer.importDirectory(config.directory());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
