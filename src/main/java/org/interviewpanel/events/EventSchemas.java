package org.interviewpanel.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** The JSON Schema of every {@link EventType}, read once from the classpath. */
@ApplicationScoped
public class EventSchemas {

    private final Map<EventType, JsonNode> documents = new EnumMap<>(EventType.class);
    private final Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);

    public EventSchemas() {
        ObjectMapper json = new ObjectMapper();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (EventType type : EventType.values()) {
            try (InputStream in = EventSchemas.class.getResourceAsStream(type.schemaResource())) {
                if (in == null) {
                    throw new IllegalStateException("no schema for " + type.id() + " at " + type.schemaResource());
                }
                JsonNode document = json.readTree(in);
                documents.put(type, document);
                schemas.put(type, factory.getSchema(document));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the schema of " + type.id(), e);
            }
        }
    }

    /** The schema document as published in the catalogue. */
    public JsonNode document(EventType type) {
        return documents.get(type);
    }

    /** What in {@code data} does not match the type's schema (at most five messages); empty when it matches. */
    public List<String> problems(EventType type, JsonNode data) {
        return schemas.get(type).validate(data).stream().map(ValidationMessage::getMessage).sorted().limit(5).toList();
    }
}
