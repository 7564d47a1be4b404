package org.interviewpanel.questionbank;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import org.interviewpanel.questionbank.QuestionDtos.ImportError;
import org.interviewpanel.questionbank.QuestionDtos.ImportReport;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;

/**
 * Imports the bank from {@code questions/<bank>/*.yaml}. Every file is validated against its JSON Schema first; a file
 * with any error imports nothing and is reported as {@code file:line: message}. Upsert by key is idempotent: only a
 * changed question makes a new version. Imported questions that left the files are retired, never deleted — but only
 * when every file was valid, so a broken file never retires its own questions.
 */
@ApplicationScoped
public class QuestionBankImporter {

    private static final Logger LOG = Logger.getLogger(QuestionBankImporter.class);
    static final String BANK_FILE = "_bank.yaml";

    @Inject
    QuestionService questions;

    @Inject
    ObjectMapper json;

    @Inject
    jakarta.enterprise.event.Event<Imported> finished;

    /**
     * Fired when the bank's files were imported, for data kept beside them (calibration exercises): observers import
     * their part of {@code root} and add what was wrong to {@code errors}, which the import's report includes.
     */
    public record Imported(Path root, List<ImportError> errors) {
    }

    private final ValidatedYaml yaml = new ValidatedYaml();
    private final JsonSchema categorySchema = ValidatedYaml.schema("/question-schemas/category.schema.json");
    private final JsonSchema bankSchema = ValidatedYaml.schema("/question-schemas/bank.schema.json");

    record BankFile(String bank, String title, String description, List<QuestionBank.Guidance> guidance) {
    }

    record CategoryFile(Category category, List<Item> questions) {
        record Category(String key, String title, int position) {
        }

        record Item(String key, String text, List<String> parts, int difficulty, int minutes, List<String> tags,
                Rubric rubric, List<String> followUps) {
        }
    }

    @ActivateRequestContext
    public ImportReport importDirectory(Path root) {
        if (!Files.isDirectory(root)) {
            return new ImportReport(0, 0, 0, List.of(new ImportError(root.toString(), 0, "no such directory")));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            // calibration/ holds reference answers, imported by their own importer.
            files = walk.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !root.relativize(p).toString().contains("calibration/")).sorted().toList();
        } catch (IOException e) {
            return new ImportReport(0, 0, 0, List.of(new ImportError(root.toString(), 0, e.getMessage())));
        }
        List<ImportError> errors = new ArrayList<>();
        int imported = 0;
        int updated = 0;
        // Bank files first: categories belong to a bank.
        for (Path file : files) {
            if (file.getFileName().toString().equals(BANK_FILE)) {
                importBankFile(root, file, errors);
            }
        }
        Map<String, String> seen = new HashMap<>();
        int done = 0;
        for (Path file : files) {
            if (file.getFileName().toString().equals(BANK_FILE)) {
                continue;
            }
            String name = root.relativize(file).toString();
            List<ImportError> fileErrors = new ArrayList<>();
            JsonNode tree = yaml.read(file, name, categorySchema, fileErrors);
            CategoryFile parsed = null;
            if (tree != null && fileErrors.isEmpty()) {
                parsed = json.convertValue(tree, CategoryFile.class);
                checkKeys(parsed, tree, name, seen, fileErrors);
            }
            if (!fileErrors.isEmpty()) {
                errors.addAll(fileErrors);
                LOG.warnf("Question file %s has %d error(s); nothing from it was imported: %s", name, fileErrors.size(),
                        fileErrors);
                continue;
            }
            parsed.questions().forEach(q -> seen.put(q.key(), name));
            List<QuestionService.ImportedQuestion> items = new ArrayList<>();
            for (int i = 0; i < parsed.questions().size(); i++) {
                CategoryFile.Item q = parsed.questions().get(i);
                items.add(new QuestionService.ImportedQuestion(q.key(),
                        new QuestionContent(q.text(), q.parts(), q.difficulty(), q.minutes(), q.tags(), q.rubric(),
                                q.followUps()),
                        i + 1));
            }
            String bank = parsed.category().key().substring(0, parsed.category().key().indexOf('/'));
            QuestionService.ImportCounts counts;
            try {
                counts = questions.applyCategoryFile(bank, parsed.category().key(), parsed.category().title(),
                        parsed.category().position(), items);
            } catch (QuestionService.KeyTaken e) {
                int line = 0;
                for (int i = 0; i < parsed.questions().size(); i++) {
                    if (parsed.questions().get(i).key().equals(e.key)) {
                        line = ValidatedYaml.line(tree.path("questions").path(i).path("key"));
                    }
                }
                errors.add(new ImportError(name, line, e.getMessage()));
                LOG.warnf("Question file %s was not imported: %s", name, e.getMessage());
                continue;
            }
            imported += counts.imported();
            updated += counts.updated();
            done++;
            LOG.infof("Imported %s (%d/%d files): %d new, %d updated, %d unchanged", name, done, files.size(),
                    counts.imported(), counts.updated(), items.size() - counts.imported() - counts.updated());
        }
        int retired = 0;
        if (errors.isEmpty()) {
            retired = questions.retireImportedExcept(new HashSet<>(seen.keySet()));
        } else {
            LOG.warn("Some question files had errors: no question was retired in this import");
        }
        finished.fire(new Imported(root, errors));
        LOG.infof("Question import from %s: %d imported, %d updated, %d retired, %d error(s)", root, imported, updated,
                retired, errors.size());
        return new ImportReport(imported, updated, retired, List.copyOf(errors));
    }

    private void importBankFile(Path root, Path file, List<ImportError> errors) {
        String name = root.relativize(file).toString();
        List<ImportError> fileErrors = new ArrayList<>();
        JsonNode tree = yaml.read(file, name, bankSchema, fileErrors);
        if (tree == null || !fileErrors.isEmpty()) {
            errors.addAll(fileErrors);
            return;
        }
        BankFile bank = json.convertValue(tree, BankFile.class);
        String folder = file.getParent().getFileName().toString();
        if (!bank.bank().equals(folder)) {
            errors.add(new ImportError(name, ValidatedYaml.line(tree.get("bank")),
                    "bank '" + bank.bank() + "' must match its folder '" + folder + "'"));
            return;
        }
        questions.upsertBank(bank.bank(), bank.title(), bank.description(), bank.guidance());
    }

    private void checkKeys(CategoryFile parsed, JsonNode tree, String name, Map<String, String> seen,
            List<ImportError> errors) {
        String category = parsed.category().key();
        String bank = category.substring(0, category.indexOf('/'));
        if (!questions.bankExists(bank)) {
            errors.add(new ImportError(name, ValidatedYaml.line(tree.path("category").path("key")),
                    "bank '" + bank + "' has no valid " + BANK_FILE));
        }
        Set<String> inFile = new HashSet<>();
        for (int i = 0; i < parsed.questions().size(); i++) {
            String key = parsed.questions().get(i).key();
            int line = ValidatedYaml.line(tree.path("questions").path(i).path("key"));
            if (!key.startsWith(category + "/")) {
                errors.add(new ImportError(name, line, "key '" + key + "' must start with '" + category + "/'"));
            }
            if (!inFile.add(key)) {
                errors.add(new ImportError(name, line, "key '" + key + "' appears twice in this file"));
            } else if (seen.containsKey(key)) {
                errors.add(new ImportError(name, line, "key '" + key + "' is already used in " + seen.get(key)));
            }
        }
    }
}
