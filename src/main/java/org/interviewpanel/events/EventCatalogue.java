package org.interviewpanel.events;

import java.io.IOException;
import java.io.InputStream;
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
import org.interviewpanel.security.Roles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The event catalogue for outside consumers: topic, key, headers, each type with its schema and an example. */
@Path("/events")
public class EventCatalogue {

    static final List<String> TYPES = List.of("session.scheduled.v1", "session.started.v1", "participant.joined.v1",
            "participant.left.v1", "question.asked.v1", "rating.recorded.v1", "scorecard.submitted.v1", "session.ended.v1",
            "session.cancelled.v1", "decision.recorded.v1");

    public record EventType(String type, String title, String description, String schemaUrl, String example) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance catalogue(String topic, List<EventType> types);
    }

    @Inject
    EventsConfig config;

    @Inject
    ObjectMapper json;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance page() throws IOException {
        List<EventType> types = new ArrayList<>();
        var pretty = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
        for (String name : TYPES) {
            JsonNode schema = read(name);
            types.add(new EventType("interviewpanel." + name, schema.path("title").asText(),
                    schema.path("description").asText(), "/events/schemas/" + name + ".schema.json",
                    pretty.writeValueAsString(schema.path("examples").path(0))));
        }
        return Templates.catalogue(config.topic(), types);
    }

    @GET
    @Path("schemas/{name}")
    @Produces("application/schema+json")
    @PermitAll
    @Operation(summary = "The JSON Schema of one event type", description = "e.g. session.started.v1.schema.json")
    public Response schema(@PathParam("name") String name) throws IOException {
        String type = name.endsWith(".schema.json") ? name.substring(0, name.length() - ".schema.json".length()) : name;
        if (!TYPES.contains(type)) {
            return Response.status(404).type("application/problem+json")
                    .entity(org.interviewpanel.platform.Problem.of(org.interviewpanel.platform.ProblemType.NOT_FOUND,
                            "No event type " + type))
                    .build();
        }
        return Response.ok(read(type).toString()).build();
    }

    private JsonNode read(String type) throws IOException {
        try (InputStream in = EventCatalogue.class.getResourceAsStream("/events/" + type + ".schema.json")) {
            return new ObjectMapper().readTree(in);
        }
    }
}
