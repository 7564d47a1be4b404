package org.interviewpanel.questionbank;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.interviewpanel.questionbank.QuestionDtos.ImportError;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.serialization.JsonNodeReader;
import com.networknt.schema.utils.JsonNodes;

/**
 * Reads a YAML file of {@code questions/} and validates it against its JSON Schema, reporting each problem as
 * {@code file:line: message}. Shared by the bank's importer and the importers of data kept beside it.
 */
public final class ValidatedYaml {

    private final JsonNodeReader reader = JsonNodeReader.builder().locationAware().build();

    /** The file's tree (null when it is not YAML or empty); every schema violation is added to {@code errors}. */
    public JsonNode read(Path file, String name, JsonSchema schema, List<ImportError> errors) {
        JsonNode tree = readTree(file, name, errors);
        if (tree == null) {
            return null;
        }
        List<ValidationMessage> messages = new ArrayList<>(schema.validate(tree));
        messages.sort((a, b) -> Integer.compare(line(a.getInstanceNode()), line(b.getInstanceNode())));
        for (ValidationMessage m : messages) {
            errors.add(new ImportError(name, line(m.getInstanceNode()), m.getMessage()));
        }
        return tree;
    }

    private JsonNode readTree(Path file, String name, List<ImportError> errors) {
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode tree = reader.readTree(in, InputFormat.YAML);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                errors.add(new ImportError(name, 1, "the file is empty"));
                return null;
            }
            return tree;
        } catch (JsonProcessingException e) {
            notYaml(name, e, errors);
        } catch (IllegalArgumentException e) {
            // The schema library wraps parser errors; the parser's own exception knows the line.
            if (e.getCause() instanceof JsonProcessingException cause) {
                notYaml(name, cause, errors);
            } else {
                errors.add(new ImportError(name, 0, "not valid YAML: " + e.getMessage()));
            }
        } catch (IOException e) {
            errors.add(new ImportError(name, 0, "cannot read: " + e.getMessage()));
        }
        return null;
    }

    private static void notYaml(String name, JsonProcessingException e, List<ImportError> errors) {
        JsonLocation at = e.getLocation();
        errors.add(new ImportError(name, at == null ? 0 : at.getLineNr(), "not valid YAML: " + e.getOriginalMessage()));
    }

    public static int line(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return 0;
        }
        JsonLocation at = JsonNodes.tokenLocationOf(node);
        return at == null ? 0 : at.getLineNr();
    }

    public static JsonSchema schema(String resource) {
        try (InputStream in = ValidatedYaml.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema " + resource);
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema " + resource, e);
        }
    }
}
