package org.interviewpanel.questionbank;

import java.nio.file.Path;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "panel.questionbank")
public interface QuestionBankConfig {

    /** The folder holding {@code <bank>/_bank.yaml} and the category files. */
    @WithDefault("questions")
    Path directory();

    /** Import the folder when the application starts. */
    @WithDefault("true")
    boolean importAtStartup();
}
