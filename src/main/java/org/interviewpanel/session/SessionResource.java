package org.interviewpanel.session;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.Roles;
import org.interviewpanel.session.SessionDtos.Advance;
import org.interviewpanel.session.SessionDtos.Link;
import org.interviewpanel.session.SessionDtos.Schedule;
import org.interviewpanel.session.SessionDtos.Scheduled;
import org.interviewpanel.session.SessionDtos.SessionView;

@Path("/api/sessions")
@Tag(name = "Sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    @Inject
    SessionScheduling scheduling;

    @Inject
    SessionQueries queries;

    @Inject
    SessionLifecycle lifecycle;

    @Inject
    SessionConfig config;

    @Inject
    CurrentUser user;

    Viewer viewer() {
        return Viewer.of(user);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.INTERVIEWER, Roles.ADMIN })
    @Operation(summary = "Schedule a session", description = "Snapshots the question set's items with their pinned "
            + "versions. The response carries the candidate link once; only its hash is stored.")
    @APIResponse(responseCode = "201", description = "Scheduled")
    @APIResponse(responseCode = "400", description = "Invalid body")
    @APIResponse(responseCode = "422", description = "Unknown question set, or a panel username that is unknown or "
            + "lacks the interviewer role (errors[] names it)")
    public Response schedule(@NotNull @Valid Schedule body) {
        var scheduled = scheduling.schedule(body, user.actor(), user.has(Roles.INTERVIEWER));
        InterviewSession session = scheduled.getKey();
        return Response.created(URI.create("/api/sessions/" + session.id))
                .entity(new Scheduled(session.id, session.status, link(scheduled.getValue()))).build();
    }

    @GET
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "Sessions: live first, then the next to come, then the most recent", description = "Interviewers "
            + "see the sessions they sit on; hiring managers and admins see all (mine=true: only those they sit on). "
            + "q searches candidate, position, question set and panel; page (from 1) and size (≤ 500, default 200) "
            + "page the list; X-Total-Count says how many match.")
    @APIResponse(responseCode = "200", description = "The sessions", headers = @org.eclipse.microprofile.openapi.annotations.headers.Header(name = "X-Total-Count", description = "How many sessions match"))
    @APIResponse(responseCode = "400", description = "A parameter is not valid")
    public Response list(
            @QueryParam("status") @Pattern(regexp = "SCHEDULED|LIVE|ENDED|DECIDED|CANCELLED", message = "must be SCHEDULED, LIVE, ENDED, DECIDED or CANCELLED") String status,
            @QueryParam("mine") @DefaultValue("false") boolean mine,
            @QueryParam("q") @jakarta.validation.constraints.Size(max = 200) String q,
            @QueryParam("page") @DefaultValue("1") @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(100000) int page,
            @QueryParam("size") @DefaultValue("200") @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(500) int size) {
        var found = queries.list(viewer(), new SessionDtos.SessionQuery(
                status == null ? java.util.Set.of() : java.util.Set.of(SessionStatus.valueOf(status)), mine, q,
                page, size));
        return Response.ok(found.items()).header("X-Total-Count", found.total()).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "A session", description = "Panelists, hiring managers and admins; other interviewers get 404.")
    @APIResponse(responseCode = "404", description = "No such session, or not on its panel")
    public SessionView get(@PathParam("id") UUID id) {
        return queries.get(id, viewer());
    }

    @jakarta.ws.rs.PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "Reschedule the session (lead, while SCHEDULED)", description = "Any of scheduledAt, "
            + "meetingUrl (https; \"\" removes it) and durationMinutes. Records session.rescheduled; panel and "
            + "candidate get an updated calendar entry by mail (SEQUENCE + 1).")
    @APIResponse(responseCode = "200", description = "Rescheduled: the session")
    @APIResponse(responseCode = "400", description = "Nothing to change, a time in the past, a link that is not "
            + "https, a duration outside 5–480 minutes")
    @APIResponse(responseCode = "403", description = "Not the lead")
    @APIResponse(responseCode = "409", description = "The session has started, ended or was cancelled")
    public SessionView reschedule(@PathParam("id") UUID id, @NotNull @Valid SessionDtos.Reschedule body) {
        return lifecycle.reschedule(id, body, viewer());
    }

    @GET
    @Path("{id}/calendar.ics")
    @Produces("text/calendar")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "The session's calendar entry (RFC 5545)", description = "One VEVENT: stable UID, SEQUENCE "
            + "= the number of changes, times in UTC, ORGANIZER the lead, an ATTENDEE per panelist, LOCATION and URL "
            + "the meeting link; METHOD:CANCEL once cancelled. Panelists, hiring managers and admins.")
    @APIResponse(responseCode = "200", description = "text/calendar")
    @APIResponse(responseCode = "404", description = "No such session, or not on its panel")
    public Response calendar(@PathParam("id") UUID id) {
        return Response.ok(queries.calendar(id, viewer()))
                .header("Content-Disposition", "attachment; filename=\"interview-" + id + ".ics\"")
                .header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("{id}/start")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "Start the session (lead)", description = "SCHEDULED → LIVE, asking question 1")
    @APIResponse(responseCode = "403", description = "Not the lead")
    @APIResponse(responseCode = "409", description = "Not SCHEDULED")
    public SessionView start(@PathParam("id") UUID id) {
        return lifecycle.start(id, viewer());
    }

    @POST
    @Path("{id}/advance")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "Move to the next, previous or a given question (lead)")
    @APIResponse(responseCode = "403", description = "Not the lead")
    @APIResponse(responseCode = "409", description = "Not LIVE, or no such question, or already there")
    public SessionView advance(@PathParam("id") UUID id, @NotNull @Valid Advance body) {
        return lifecycle.advance(id, body.to(), viewer());
    }

    @POST
    @Path("{id}/end")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "End the session (lead)", description = "LIVE → ENDED")
    @APIResponse(responseCode = "409", description = "Not LIVE")
    public SessionView end(@PathParam("id") UUID id) {
        return lifecycle.end(id, viewer());
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "Cancel the session (lead)", description = "SCHEDULED or LIVE → CANCELLED; revokes the link")
    @APIResponse(responseCode = "409", description = "Already ended, decided or cancelled")
    public SessionView cancel(@PathParam("id") UUID id) {
        return lifecycle.cancel(id, viewer());
    }

    @POST
    @Path("{id}/decision")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "Record the hiring decision (hiring manager or admin)", description = "ENDED → DECIDED; "
            + "publishes decision.recorded. The rationale stays in this database.")
    @APIResponse(responseCode = "200", description = "Decided: the session, now DECIDED")
    @APIResponse(responseCode = "403", description = "Not a hiring manager or admin")
    @APIResponse(responseCode = "404", description = "No such session")
    @APIResponse(responseCode = "409", description = "The session has not ended yet, or is already decided")
    public SessionView decide(@PathParam("id") UUID id, @NotNull @Valid SessionDtos.Decide body) {
        return lifecycle.decide(id, body.decision(), body.rationale(), viewer());
    }

    @POST
    @Path("{id}/candidate-link")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "Rotate the candidate link (lead)", description = "The old link stops working; a candidate "
            + "already connected stays connected.")
    public Link rotate(@PathParam("id") UUID id) {
        return new Link(link(lifecycle.rotateLink(id, viewer())));
    }

    @DELETE
    @Path("{id}/candidate-link")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "Revoke the candidate link (lead)", description = "Also disconnects the candidate")
    @APIResponse(responseCode = "204", description = "Revoked")
    public void revoke(@PathParam("id") UUID id) {
        lifecycle.revokeLink(id, viewer());
    }

    private String link(String token) {
        // Never from the request: a forged Host header must not turn a candidate's link into someone else's URL.
        String base = config.publicUrl().orElseThrow(() -> new IllegalStateException("panel.sessions.public-url is "
                + "not set"));
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/join/" + token;
    }
}
