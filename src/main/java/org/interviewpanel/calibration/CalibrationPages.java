package org.interviewpanel.calibration;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.interviewpanel.calibration.CalibrationDtos.Exercise;
import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.Roles;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * Interviewer training in the console: the exercises by category with the caller's own qualification, and the page
 * that takes one (answers rated blind, the experts' ratings and reasons shown after the attempt).
 */
@Path("/calibration")
public class CalibrationPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance exercises(Map<String, List<Exercise>> byCategory, boolean canAttempt);

        static native TemplateInstance exercise(Exercise exercise, boolean canAttempt);
    }

    @Inject
    CalibrationService calibration;

    @Inject
    CurrentUser user;

    @GET
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance exercises() {
        Map<String, List<Exercise>> byCategory = new TreeMap<>();
        calibration.exercises(null, user.username()).forEach(
                e -> byCategory.computeIfAbsent(e.category(), k -> new java.util.ArrayList<>()).add(e));
        return Templates.exercises(byCategory, user.has(Roles.INTERVIEWER));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance exercise(@PathParam("id") UUID id) {
        return Templates.exercise(calibration.exercise(id, user.username()), user.has(Roles.INTERVIEWER));
    }
}
