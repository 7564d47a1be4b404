package org.interviewpanel.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

/** What every record on the events topic must be: a binary-mode CloudEvent whose data matches its type's schema. */
public final class EventContract {

    static final ObjectMapper JSON = new ObjectMapper();

    private EventContract() {
    }

    public static JsonSchema schema(String type) {
        String name = type.substring("interviewpanel.".length());
        try (InputStream in = EventContract.class.getResourceAsStream("/events/" + name + ".schema.json")) {
            assertThat(in).as("schema for %s", type).isNotNull();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void assertValid(EventStream.Event event) throws Exception {
        assertThat(event.headers()).containsKeys("ce_id", "ce_type", "ce_source", "ce_time", "ce_subject",
                "ce_specversion");
        assertThat(event.headers().get("ce_specversion")).isEqualTo("1.0");
        assertThat(event.headers().get("content-type")).isEqualTo("application/json");
        assertThat(event.headers().get("ce_subject")).isEqualTo("sessions/" + event.key());
        assertThat(Instant.parse(event.headers().get("ce_time"))).isBefore(Instant.now().plusSeconds(5));
        assertThat(UUID.fromString(event.id())).isNotNull();
        var errors = schema(event.type()).validate(JSON.readTree(event.value()));
        assertThat(errors).as("%s body %s", event.type(), event.value()).isEmpty();
        assertThat(JSON.readTree(event.value()).get("sessionId").asText()).isEqualTo(event.key());
    }
}
