package org.interviewpanel.questionset;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.interviewpanel.questionset.QuestionSetDtos.NewSet;
import org.interviewpanel.questionset.QuestionSetDtos.ReplacedSet;
import org.interviewpanel.questionset.QuestionSetDtos.SetDetail;
import org.interviewpanel.questionset.QuestionSetDtos.SetSummary;
import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.Roles;

@Path("/api/question-sets")
@Tag(name = "Question sets")
@Produces(MediaType.APPLICATION_JSON)
public class QuestionSetResource {

    @Inject
    QuestionSetService sets;

    @Inject
    CurrentUser user;

    @GET
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "Question sets, newest change first", description = "mine=true lists the caller's own")
    public List<SetSummary> list(@QueryParam("mine") @DefaultValue("false") boolean mine) {
        return sets.list(mine, user.actor());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.INTERVIEWER, Roles.ADMIN })
    @Operation(summary = "Build a set from bank questions", description = "1–30 items, no duplicates, no retired "
            + "questions; each item is pinned to the question's current version.")
    @APIResponse(responseCode = "201", description = "Created; Location names it")
    @APIResponse(responseCode = "400", description = "Invalid body")
    @APIResponse(responseCode = "409", description = "You already have a set with this name")
    @APIResponse(responseCode = "422", description = "Unknown, retired or duplicate questions (errors[] names each item)")
    public Response create(@NotNull @Valid NewSet body) {
        SetDetail created = sets.create(body, user.actor());
        return Response.created(URI.create("/api/question-sets/" + created.id())).entity(created).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "A set with its items, total minutes and coverage by category")
    @APIResponse(responseCode = "404", description = "No such set (or it was archived)")
    public SetDetail get(@PathParam("id") UUID id) {
        return sets.get(id);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.INTERVIEWER, Roles.ADMIN })
    @Operation(summary = "Replace a set (owner or admin)", description = "Items already in the set keep their pinned "
            + "question version unless questionVersion names another; new items must be active questions.")
    @APIResponse(responseCode = "200", description = "The set at its new version")
    @APIResponse(responseCode = "403", description = "Not the owner nor an admin")
    @APIResponse(responseCode = "409", description = "Stale version, or the name is taken")
    @APIResponse(responseCode = "422", description = "Unknown, retired or duplicate questions")
    public SetDetail replace(@PathParam("id") UUID id, @NotNull @Valid ReplacedSet body) {
        return sets.replace(id, body, user.actor());
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.ADMIN })
    @Operation(summary = "Delete a set (owner or admin)", description = "A set a session was built from is archived "
            + "instead: it leaves the lists but its history stays.")
    @APIResponse(responseCode = "204", description = "Deleted or archived")
    @APIResponse(responseCode = "403", description = "Not the owner nor an admin")
    public void delete(@PathParam("id") UUID id) {
        sets.delete(id, user.actor());
    }

    @POST
    @Path("{id}/clone")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.ADMIN })
    @Operation(summary = "Copy a set; the caller owns the copy", description = "Items keep their pinned versions.")
    @APIResponse(responseCode = "201", description = "The copy")
    public Response copy(@PathParam("id") UUID id) {
        SetDetail copy = sets.copy(id, user.actor());
        return Response.created(URI.create("/api/question-sets/" + copy.id())).entity(copy).build();
    }
}
