package org.interviewpanel.events;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.security.Roles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The event catalogue for outside consumers: topic, key, headers, each type with its schema and an example. */
@Path("/events")
public class EventCatalogue {

    public record Entry(String type, String title, String description, String schemaUrl, String example) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance catalogue(String topic, List<Entry> types);
    }

    @Inject
    EventsConfig config;

    @Inject
    EventSchemas schemas;

    @Inject
    ObjectMapper json;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance page() throws IOException {
        List<Entry> types = new ArrayList<>();
        var pretty = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
        for (EventType type : EventType.values()) {
            JsonNode schema = schemas.document(type);
            types.add(new Entry(type.ceType(), schema.path("title").asText(), schema.path("description").asText(),
                    "/events/schemas/" + type.id() + ".schema.json",
                    pretty.writeValueAsString(schema.path("examples").path(0))));
        }
        return Templates.catalogue(config.topic(), types);
    }

    @GET
    @Path("schemas/{name}")
    @Produces("application/schema+json")
    @PermitAll
    @Operation(summary = "The JSON Schema of one event type", description = "e.g. session.started.v1.schema.json")
    public Response schema(@PathParam("name") String name) {
        String id = name.endsWith(".schema.json") ? name.substring(0, name.length() - ".schema.json".length()) : name;
        EventType type = EventType.ofId(id).orElseThrow(() -> ProblemException.notFound("Event type " + id));
        return Response.ok(schemas.document(type).toString()).build();
    }
}
