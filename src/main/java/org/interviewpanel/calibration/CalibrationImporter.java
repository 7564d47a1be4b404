package org.interviewpanel.calibration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.interviewpanel.questionbank.QuestionBankImporter;
import org.interviewpanel.questionbank.QuestionDtos.ImportError;
import org.interviewpanel.questionbank.QuestionService;
import org.interviewpanel.questionbank.ValidatedYaml;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;

/**
 * Imports the reference-answer exercises of {@code questions/<bank>/calibration/*.yaml} after the bank itself: each
 * file is validated against {@code calibration.schema.json}, each exercise must name a current question of the
 * file's category, and a file with any error imports nothing. Ids derive from the keys, so a re-import keeps them
 * (and past attempts' references); exercises no longer in any valid file are retired, never deleted.
 */
@ApplicationScoped
public class CalibrationImporter {

    private static final Logger LOG = Logger.getLogger(CalibrationImporter.class);
    private static final JsonSchema SCHEMA = ValidatedYaml.schema("/question-schemas/calibration.schema.json");

    @Inject
    QuestionService questions;

    private final ValidatedYaml yaml = new ValidatedYaml();

    record Parsed(String questionKey, String category, String questionText, int position, List<ParsedAnswer> answers) {
    }

    record ParsedAnswer(String key, String text, int rating, String reason) {
    }

    void onBankImported(@Observes QuestionBankImporter.Imported event) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(event.root())) {
            files = walk.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("calibration")
                    && p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            event.errors().add(new ImportError(event.root().toString(), 0, e.getMessage()));
            return;
        }
        List<Parsed> exercises = new ArrayList<>();
        boolean allValid = true;
        Set<String> seen = new HashSet<>();
        for (Path file : files) {
            String name = event.root().relativize(file).toString();
            List<ImportError> errors = new ArrayList<>();
            List<Parsed> parsed = parse(file, name, seen, errors);
            if (errors.isEmpty()) {
                exercises.addAll(parsed);
            } else {
                allValid = false;
                event.errors().addAll(errors);
                LOG.warnf("Calibration file %s has %d error(s); nothing from it was imported: %s", name, errors.size(),
                        errors);
            }
        }
        try {
            int changed = apply(exercises, allValid);
            LOG.infof("Calibration import: %d exercise(s) from %d file(s), %d new or changed", exercises.size(),
                    files.size(), changed);
        } catch (RuntimeException e) {
            // The bank itself is in; exercises that cannot be stored are reported, they do not stop the application.
            LOG.error("Calibration exercises could not be stored", e);
            event.errors().add(new ImportError("calibration", 0, "could not be stored: " + e.getMessage()));
        }
    }

    private List<Parsed> parse(Path file, String name, Set<String> seen, List<ImportError> errors) {
        JsonNode tree = yaml.read(file, name, SCHEMA, errors);
        List<Parsed> parsed = new ArrayList<>();
        if (tree == null || !errors.isEmpty()) {
            return parsed;
        }
        String category = tree.path("category").asText();
        int position = 0;
        for (JsonNode exercise : tree.path("exercises")) {
            position++;
            String key = exercise.path("question").asText();
            int line = ValidatedYaml.line(exercise.path("question"));
            var question = questions.currentByKey(key);
            if (question.isEmpty() || question.get().retired()) {
                errors.add(new ImportError(name, line, "no current bank question '" + key + "'"));
                continue;
            }
            if (!question.get().category().equals(category)) {
                errors.add(new ImportError(name, line, "'" + key + "' belongs to " + question.get().category()
                        + ", not to this file's " + category));
                continue;
            }
            if (!seen.add(key)) {
                errors.add(new ImportError(name, line, "'" + key + "' already has an exercise"));
                continue;
            }
            List<ParsedAnswer> answers = new ArrayList<>();
            Set<String> keys = new HashSet<>();
            Set<Integer> ratings = new HashSet<>();
            for (JsonNode a : exercise.path("answers")) {
                if (!keys.add(a.path("key").asText())) {
                    errors.add(new ImportError(name, ValidatedYaml.line(a.path("key")),
                            "answer key '" + a.path("key").asText() + "' appears twice in this exercise"));
                }
                ratings.add(a.path("rating").asInt());
                answers.add(new ParsedAnswer(a.path("key").asText(), a.path("text").asText().strip(),
                        a.path("rating").asInt(), a.path("reason").asText().strip()));
            }
            // Agreement with the experts is only measurable when their ratings differ.
            if (ratings.size() < 3) {
                errors.add(new ImportError(name, line, "the answers of '" + key
                        + "' must span the scale: at least three different expert ratings"));
            }
            parsed.add(new Parsed(key, category, question.get().text(), position, answers));
        }
        return parsed;
    }

    @Transactional
    int apply(List<Parsed> exercises, boolean retireMissing) {
        int changed = 0;
        Set<UUID> present = new HashSet<>();
        for (Parsed p : exercises) {
            UUID id = exerciseId(p.questionKey());
            present.add(id);
            CalibrationExercise row = CalibrationExercise.findById(id);
            boolean fresh = row == null;
            if (fresh) {
                row = new CalibrationExercise();
                row.id = id;
            }
            boolean same = !fresh && row.category.equals(p.category()) && row.questionText.equals(p.questionText())
                    && row.position == p.position() && !row.retired;
            row.questionKey = p.questionKey();
            row.category = p.category();
            row.questionText = p.questionText();
            row.position = p.position();
            row.retired = false;
            if (fresh) {
                row.persist();
            }
            int ordinal = 0;
            Set<UUID> answerIds = new HashSet<>();
            for (ParsedAnswer a : p.answers()) {
                UUID answerId = answerId(p.questionKey(), a.key());
                answerIds.add(answerId);
                CalibrationAnswer answer = CalibrationAnswer.findById(answerId);
                boolean freshAnswer = answer == null;
                if (freshAnswer) {
                    answer = new CalibrationAnswer();
                    answer.id = answerId;
                    answer.exerciseId = id;
                    same = false;
                } else if (!answer.text.equals(a.text()) || answer.expertRating != a.rating()
                        || !answer.reason.equals(a.reason()) || answer.ordinal != ordinal) {
                    same = false;
                }
                answer.key = a.key();
                answer.ordinal = ordinal++;
                answer.text = a.text();
                answer.expertRating = a.rating();
                answer.reason = a.reason();
                if (freshAnswer) {
                    answer.persist();
                }
            }
            long removed = CalibrationAnswer.delete("exerciseId = ?1 and id not in ?2", id, answerIds);
            changed += same && removed == 0 ? 0 : 1;
        }
        if (retireMissing) {
            changed += present.isEmpty() ? CalibrationExercise.update("retired = true where retired = false")
                    : CalibrationExercise.update("retired = true where retired = false and id not in ?1", present);
        }
        return changed;
    }

    static UUID exerciseId(String questionKey) {
        return UUID.nameUUIDFromBytes(("calibration-exercise:" + questionKey).getBytes(StandardCharsets.UTF_8));
    }

    static UUID answerId(String questionKey, String answerKey) {
        return UUID.nameUUIDFromBytes(("calibration-answer:" + questionKey + "/" + answerKey)
                .getBytes(StandardCharsets.UTF_8));
    }
}
