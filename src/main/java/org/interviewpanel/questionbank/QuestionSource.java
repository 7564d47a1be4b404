package org.interviewpanel.questionbank;

/** Where a question comes from: a bank file (IMPORT) or the console (CONSOLE). */
public enum QuestionSource {
    IMPORT,
    CONSOLE
}
