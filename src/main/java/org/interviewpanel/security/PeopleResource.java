package org.interviewpanel.security;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/people")
@Tag(name = "People")
@Produces(MediaType.APPLICATION_JSON)
public class PeopleResource {

    @Inject
    PeopleDirectory directory;

    @GET
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "People holding a realm role (default interviewer), for picking panelists", description = "q "
            + "matches username or display name")
    public List<PeopleDirectory.Person> people(
            @QueryParam("role") @DefaultValue(Roles.INTERVIEWER) @Pattern(regexp = "interviewer|hiring-manager|admin", message = "must be interviewer, hiring-manager or admin") String role,
            @QueryParam("q") @Size(max = 100) String q) {
        return directory.withRole(role, q);
    }
}
