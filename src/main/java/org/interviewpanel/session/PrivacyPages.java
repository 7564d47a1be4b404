package org.interviewpanel.session;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.interviewpanel.audit.AuditQueries;
import org.interviewpanel.audit.AuditView;
import org.interviewpanel.security.Roles;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The admins' privacy page: find a candidate by email, export or erase their record, see what the retention job erases
 * next and the latest audit entries. Searching, exporting and erasing go through the API.
 */
@Path("/admin/privacy")
public class PrivacyPages {

    static final int RECENT_AUDIT = 50;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance privacy(CandidateRetention.DryRun retention, List<AuditView> audit);
    }

    @Inject
    CandidateRetention retention;

    @Inject
    AuditQueries audit;

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance privacy() {
        List<AuditView> recent = audit.find(null, null, null, null);
        return Templates.privacy(retention.dryRun(), recent.subList(0, Math.min(RECENT_AUDIT, recent.size())));
    }
}
