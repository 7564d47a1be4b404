package org.interviewpanel.questionbank;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.interviewpanel.app.PanelMain;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.CommandLineArguments;

/** Imports the bank when the application starts, so a fresh database serves the seed questions at once. */
@ApplicationScoped
class StartupImport {

    private static final Logger LOG = Logger.getLogger(StartupImport.class);

    @Inject
    QuestionBankConfig config;

    @Inject
    QuestionBankImporter importer;

    @Inject
    @CommandLineArguments
    String[] args;

    void onStart(@Observes StartupEvent event) {
        // The import command reports its own run; importing here too would leave it nothing to report.
        boolean importCommand = args.length > 0 && PanelMain.IMPORT_COMMAND.equals(args[0]);
        if (!config.importAtStartup() || importCommand) {
            return;
        }
        var report = importer.importDirectory(config.directory().toAbsolutePath());
        if (!report.errors().isEmpty()) {
            LOG.errorf("The question bank has %d error(s); fix the files and re-import: %s", report.errors().size(),
                    report.errors());
        }
    }
}
