package org.interviewpanel.kernel;

import java.io.IOException;
import java.time.Instant;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Numbers must be sent as JSON numbers: "5" is not a rating, and 2.5 is not silently read as 2. Strings must not hold
 * NUL characters, which PostgreSQL cannot store, and instants must lie in {@link Instants}' range (a 400 naming the
 * field instead of a failed write).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    /** Last: the deserializers of the module registered last win, and Quarkus registers its java.time module too. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("no-nul-strings").addDeserializer(String.class, new NoNulStrings()));
        mapper.registerModule(
                new SimpleModule("instants-in-range").addDeserializer(Instant.class, new InstantsInRange()));
    }

    static final class NoNulStrings extends StdScalarDeserializer<String> {
        private static final long serialVersionUID = 1L;

        NoNulStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null && value.indexOf('\u0000') >= 0) {
                throw InvalidFormatException.from(parser, "contains a NUL character", value, String.class);
            }
            return value;
        }
    }

    static final class InstantsInRange extends StdScalarDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantsInRange() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Instant value = InstantDeserializer.INSTANT.deserialize(parser, context);
            if (value != null && !Instants.inRange(value)) {
                throw InvalidFormatException.from(parser, Instants.RANGE, value.toString(), Instant.class);
            }
            return value;
        }
    }
}
