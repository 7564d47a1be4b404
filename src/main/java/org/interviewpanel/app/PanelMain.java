package org.interviewpanel.app;

import java.nio.file.Path;

import jakarta.inject.Inject;

import org.interviewpanel.questionbank.QuestionBankConfig;
import org.interviewpanel.questionbank.QuestionBankImporter;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point. Without arguments it serves; {@code import-questions [folder]} imports the bank once, prints what it did
 * and exits non-zero when a file had errors; {@code rebuild-analytics} rebuilds the analytics tables from the topic.
 */
@QuarkusMain
public class PanelMain implements QuarkusApplication {

    public static final String IMPORT_COMMAND = "import-questions";
    public static final String REBUILD_COMMAND = "rebuild-analytics";

    @Inject
    QuestionBankImporter importer;

    @Inject
    QuestionBankConfig config;

    @Inject
    org.interviewpanel.analytics.Rebuild rebuild;

    public static void main(String... args) {
        Quarkus.run(PanelMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length > 0 && IMPORT_COMMAND.equals(args[0])) {
            Path folder = args.length > 1 ? Path.of(args[1]) : config.directory();
            var report = importer.importDirectory(folder.toAbsolutePath());
            System.out.printf("imported=%d updated=%d retired=%d errors=%d%n", report.imported(), report.updated(),
                    report.retired(), report.errors().size());
            report.errors().forEach(e -> System.out.println(e));
            return report.errors().isEmpty() ? 0 : 1;
        }
        if (args.length > 0 && REBUILD_COMMAND.equals(args[0])) {
            try {
                var done = rebuild.runHere("command line", System.out);
                System.out.printf("rebuild %s: %d events%s%n", done.state(), done.done(),
                        done.error() == null ? "" : " (" + done.error() + ")");
                return "DONE".equals(done.state()) ? 0 : 1;
            } catch (Exception e) {
                System.err.println("rebuild failed: " + e.getMessage());
                return 1;
            }
        }
        if (args.length > 0) {
            System.err.println("Unknown command '" + args[0] + "'. Commands: " + IMPORT_COMMAND + " [folder], "
                    + REBUILD_COMMAND);
            return 2;
        }
        Quarkus.waitForExit();
        return 0;
    }
}
